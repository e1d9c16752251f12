// The endpoint: an answer that is not the DeepSeek API, and what proved (or could not prove) the key.
import { REQUESTS } from '../../../contract.js';
import { DEFAULT_BASE_URL } from '../../input/base-url.js';
import type { AuthProof, ProofAttempt } from '../../evidence/key-proof.js';
import type { Finding, FixPlace } from '../findings.js';
import type { Settings } from '../../input/inputs.js';
import type { Observation } from '../../evidence/observation.js';
import { code, codeSpan, join, text, trusted, type Text } from '../../text/text.js';
import { endpointName, endpointTitleName } from '../../text/endpoint-name.js';
import { headersAskedFor } from '../../evidence/gateway.js';
import { RERUN, input, writeSetting } from '../../text/words.js';
import { serverSaid, NOTHING, type CauseAt, type Rule } from './rule.js';

export function notApiCause(obs: Extract<Observation, { kind: 'not_api' }>, path: string): Text {
  switch (obs.reason) {
    case 'html':
      return obs.title
        ? text`${code(`GET ${path}`)} answered with an HTML page titled ${code(obs.title)}, not the API: a web site, a login page or a captive portal is at that address.`
        : text`${code(`GET ${path}`)} answered with an HTML page, not the API: a web site or a login page is at that address.`;
    case 'too_large':
      return text`${code(`GET ${path}`)} answered with more than 256 KiB; the API answers a few KiB, so this is not the API.`;
    case 'empty':
      return text`${code(`GET ${path}`)} answered ${String(obs.status)} with an empty body.`;
    case 'encoded':
      return text`${code(`GET ${path}`)} answered with a body compressed as ${code(obs.encoding ?? '')} (Content-Encoding), although the request asked for none, and it could not be decoded.`;
    case 'not_json':
      return text`${code(`GET ${path}`)} answered ${String(obs.status)} with something that is not JSON.`;
    default:
      return text`${code(`GET ${path}`)} answered JSON that is not the shape of the DeepSeek API.`;
  }
}

export function wrongEndpointFix(settings: Settings): Text[] {
  return [
    text`${writeSetting('base-url', DEFAULT_BASE_URL)} (or leave it out: that is the default); ${code(`${DEFAULT_BASE_URL}/v1`)} works too.`,
    text`For a gateway, use the base its docs give for OpenAI-compatible clients (the part before \`/chat/completions\`), not the current value ${code(settings.echo(settings.baseUrlInput))}.`,
  ];
}

/**
 * The `base-url` a redirect implies: its target without the probed path, when the target is that
 * path under another base. Undefined when it is not (a login page, a bare host): no base to offer.
 */
export function redirectBase(location: string, requestUrl: string, path: string): string | undefined {
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return undefined;
  }
  if (target.search || target.hash || target.username || target.password || !target.pathname.endsWith(path)) return undefined;
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname))) return undefined;
  return `${target.origin}${target.pathname.slice(0, -path.length)}`.replace(/\/+$/, '');
}

/** A redirect: say that the current value redirects, and offer the base it implies, if any. */
export function redirectFinding(settings: Settings, path: string, status: number, location: string | undefined): Finding {
  const request = code(`GET ${path}`);
  const current = code(settings.echo(settings.baseUrlInput));
  const base = settings.baseUrl.ok && location ? redirectBase(location, `${settings.baseUrl.endpoint.base}${path}`, path) : undefined;
  const cause = location
    ? text`The current ${input('base-url')}, ${current}, redirects: ${request} answered ${String(status)} with a redirect to ${code(location)}. The key is never sent after a redirect, so it was not checked.`
    : text`The current ${input('base-url')}, ${current}, redirects: ${request} answered ${String(status)} without saying where to. The key is never sent after a redirect, so it was not checked.`;
  const fix = base
    ? [text`If you trust ${code(new URL(base).host)}, ${lowerFirst(writeSetting('base-url', settings.echo(base)))}: that is where the redirect leads.`, ...wrongEndpointFix(settings)]
    : wrongEndpointFix(settings);
  return { status: 'wrong_endpoint', title: 'base-url redirects elsewhere', place: { kind: 'input', input: 'base-url' }, cause, fix, httpStatus: status };
}

function lowerFirst(t: Text): Text {
  const low = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
  return t.cli === undefined ? { md: low(t.md), plain: low(t.plain) } : { md: low(t.md), plain: low(t.plain), cli: low(t.cli) };
}

/** The verdict title when no request could prove the key. */
export const UNPROVEN_TITLE = 'This endpoint does not let us verify keys without spending tokens';

const answerText = (status: number | undefined): string => (status === undefined ? 'no answer' : String(status));

function attemptText(attempt: ProofAttempt): Text {
  const request = code(REQUESTS[attempt.request].label);
  const what = attempt.request === 'chat' ? text`${request} with a body that can never run` : request;
  if (attempt.anonymous === undefined) return text`${what} answered ${answerText(attempt.keyed)}`;
  if (attempt.keyed === attempt.anonymous) {
    const why = attempt.keyedLooksAccepted ? (attempt.request === 'chat' ? ' (this endpoint checks the body before the key)' : ', so its answer says nothing about the key') : '';
    return text`${what} answered ${answerText(attempt.keyed)} with and without a key${trusted(why)}`;
  }
  return text`${what} answered ${answerText(attempt.keyed)} with the key and ${answerText(attempt.anonymous)} without one`;
}

export function unprovenFinding(proof: Extract<AuthProof, { kind: 'unproven' }>): Finding {
  return {
    status: 'wrong_endpoint',
    kind: 'key_unproven',
    place: { kind: 'input', input: 'base-url' },
    title: UNPROVEN_TITLE,
    cause: text`No request that costs no tokens proved the key, so it is not reported as working: ${join(proof.attempts.map(attemptText), '; ')}. Only a request that runs a model could tell, and this check never sends one.`,
    fix: [
      text`To check a DeepSeek key, check it at DeepSeek itself: ${lowerFirst(writeSetting('base-url', DEFAULT_BASE_URL))} (or leave it out).`,
      text`A gateway's own keys can be checked only where the gateway refuses \`GET /models\` without a key, or offers a key endpoint such as OpenRouter's \`GET /key\`; this one does neither.`,
    ],
  };
}

export function proofText(proof: Extract<AuthProof, { kind: 'proven' }>): Text {
  const request = code(REQUESTS[proof.by].label);
  const answer =
    proof.by === 'balance'
      ? text`${request} answered ${String(proof.keyed)} with a balance`
      : proof.by === 'models'
        ? text`${request} answered ${String(proof.keyed)} with the model list`
        : proof.by === 'keyInfo'
          ? text`${request} answered ${String(proof.keyed)} with the key's details`
          : text`${request} with a body that can never run answered ${String(proof.keyed)}, past authentication`;
  return proof.anonymous === undefined ? answer : text`${answer}; without a key it answers ${String(proof.anonymous)}`;
}

/**
 * Nothing proved the key, and the requests that could have got an outage's answer while the endpoint
 * answered others: not an outage. A wrong key behind a gateway that turns the upstream's 401 into a
 * 500 looks exactly like this, so it blocks whatever `fail-on-outage` says (docs/key-proof.md).
 */
export function proofFailedFinding(proof: Extract<AuthProof, { kind: 'unproven' }>, outage: Finding): Finding {
  return {
    status: 'wrong_endpoint',
    kind: 'key_unproven',
    place: { kind: 'input', input: 'base-url' },
    title: UNPROVEN_TITLE,
    cause: text`The endpoint answered some requests, but the ones that could prove the key failed (${trusted(outage.title)}): ${join(proof.attempts.map(attemptText), '; ')}. ${outage.cause} An endpoint that is up but fails exactly these requests may be turning a refused key into an error, so this is not treated as an outage.`,
    fix: [
      text`Look at the endpoint's (or gateway's) log for these requests, fix what fails there, then re-run the job.`,
      text`To check a DeepSeek key at DeepSeek itself: ${lowerFirst(writeSetting('base-url', DEFAULT_BASE_URL))} (or leave it out).`,
    ],
    ...(outage.httpStatus !== undefined ? { httpStatus: outage.httpStatus } : {}),
  };
}

// The endpoint's causes: `GET /models` answered, but not like the API (a redirect, a 404, an HTML
// page, another 4xx). Only the first request says what the endpoint is; the others are not asked
// to. At DeepSeek's own host the value of base-url is not the cause, and is never offered back.
/**
 * DeepSeek's own host answered like something else: an intercepting proxy or an egress filter on
 * the runner's path does that (or DeepSeek changed its API). Writing base-url again changes nothing.
 */
function atOfficialHost(at: CauseAt): { place: FixPlace; fix: Text[] } {
  const proxy = at.context.network?.proxy;
  const variable = proxy ? proxy.variable : 'the network path';
  return {
    place: { kind: 'runner', variable },
    fix: [
      text`${input('base-url')} already names DeepSeek's API host ${code(at.endpoint.host)}, so the answer came from something on the way: ${proxy ? text`the proxy in \`${proxy.variable}\`` : text`an intercepting proxy or an egress filter of this runner's network`}. Ask whoever runs it to let ${code(at.endpoint.host)} through unchanged.`,
      text`If nothing is in the way, DeepSeek may have changed its API: ${RERUN} later and check the DeepSeek API docs.`,
    ],
  };
}

function notTheApi(at: CauseAt, title: string, cause: Text, status: number): Finding {
  const { place, fix } = at.endpoint.official ? atOfficialHost(at) : { place: { kind: 'input', input: 'base-url' } as const, fix: wrongEndpointFix(at.settings) };
  return { status: 'wrong_endpoint', title: at.endpoint.official ? title.replace(/^base-url/, 'api.deepseek.com') : title, place, cause, fix, httpStatus: status };
}

export const redirect: Rule<'redirect'> = (obs, at) => (at.primary ? { findings: [redirectFinding(at.settings, at.path, obs.status, obs.location)] } : NOTHING);

export const notFound: Rule<'not_found'> = (obs, at) =>
  at.primary
    ? {
        findings: [
          notTheApi(
            at,
            'base-url has no DeepSeek API',
            text`${code(`GET ${at.path}`)} answered 404 Not Found: ${at.endpoint.official ? text`no API at that path` : text`${input('base-url')} points at a server without the API at that path`}.${serverSaid(obs.message)}`,
            obs.status,
          ),
        ],
      }
    : NOTHING;

export const notApi: Rule<'not_api'> = (obs, at) => (at.primary ? { findings: [notTheApi(at, 'base-url does not answer like the DeepSeek API', notApiCause(obs, at.path), obs.status)] } : NOTHING);

/** Portkey routes by `x-portkey-provider`; for DeepSeek its value is `deepseek`. */
const HEADER_EXAMPLES: Readonly<Record<string, string>> = { 'x-portkey-provider': 'deepseek' };

/** The `headers` line as pasted: quoted in YAML (a plain scalar cannot hold `: `), or the CLI's flag. */
function headerLine(line: string): Text {
  return { md: codeSpan(`headers: '${line}'`), plain: `"headers: '${line}'"`, cli: `--header '${line}'` };
}

/** A gateway refused the request for want of a header of its own (Portkey's routing headers): the fix is the `headers` input. */
function headerAskedFinding(obs: Extract<Observation, { kind: 'client_error' }>, at: CauseAt, asked: readonly string[]): Finding {
  const first = asked.find((name) => HEADER_EXAMPLES[name] !== undefined) ?? asked[0] ?? '';
  const line = `${first}: ${HEADER_EXAMPLES[first] ?? 'VALUE'}`;
  return {
    status: 'wrong_endpoint',
    title: `${endpointTitleName(at.endpoint)} asks for a header this step does not send`,
    place: { kind: 'input', input: 'headers' },
    cause: text`${code(`GET ${at.path}`)} answered ${String(obs.status)}: ${endpointName(at.endpoint)} needs ${join(asked.map((name) => code(name)))} beside the key.${serverSaid(obs.message)}`,
    fix: [
      text`Add the header to the step's ${input('headers')} input, one ${code('Name: value')} per line: ${headerLine(line)}${trusted(HEADER_EXAMPLES[first] ? '' : ' (the value the gateway documents)')}.`,
      text`${RERUN} to confirm.`,
    ],
    httpStatus: obs.status,
  };
}

export const clientError: Rule<'client_error'> = (obs, at) => {
  const asked = headersAskedFor(obs.message);
  if (at.primary && asked.length > 0) return { findings: [headerAskedFinding(obs, at, asked)] };
  return at.primary
    ? {
        findings: [
          notTheApi(
            at,
            'base-url does not answer like the DeepSeek API',
            text`${code(`GET ${at.path}`)} answered ${String(obs.status)}, which the API does not answer to this request.${serverSaid(obs.message)}`,
            obs.status,
          ),
        ],
      }
    : NOTHING;
};
