// The endpoint: an answer that is not the DeepSeek API, and what proved (or could not prove) the key.
import { DEFAULT_BASE_URL } from '../endpoint.js';
import { PROOF_REQUEST_LABELS, type AuthProof, type ProofAttempt } from '../auth-proof.js';
import type { Finding } from '../findings.js';
import type { Settings } from '../inputs.js';
import type { Observation } from '../observation.js';
import { code, join, text, trusted, type Text } from '../text.js';
import { input, writeSetting } from '../words.js';

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
  const base = settings.endpoint.ok && location ? redirectBase(location, `${settings.endpoint.endpoint.base}${path}`, path) : undefined;
  const cause = location
    ? text`The current ${input('base-url')}, ${current}, redirects: ${request} answered ${String(status)} with a redirect to ${code(location)}. The key is never sent after a redirect, so it was not checked.`
    : text`The current ${input('base-url')}, ${current}, redirects: ${request} answered ${String(status)} without saying where to. The key is never sent after a redirect, so it was not checked.`;
  const fix = base
    ? [text`If you trust ${code(new URL(base).host)}, ${lowerFirst(writeSetting('base-url', settings.echo(base)))}: that is where the redirect leads.`, ...wrongEndpointFix(settings)]
    : wrongEndpointFix(settings);
  return { status: 'wrong_endpoint', title: 'base-url redirects elsewhere', cause, fix, httpStatus: status };
}

function lowerFirst(t: Text): Text {
  const low = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
  return t.cli === undefined ? { md: low(t.md), plain: low(t.plain) } : { md: low(t.md), plain: low(t.plain), cli: low(t.cli) };
}

/** The verdict title when no request could prove the key. */
export const UNPROVEN_TITLE = 'This endpoint does not let us verify keys without spending tokens';

const answerText = (status: number | undefined): string => (status === undefined ? 'no answer' : String(status));

function attemptText(attempt: ProofAttempt): Text {
  const request = code(PROOF_REQUEST_LABELS[attempt.request]);
  const what = attempt.request === 'chat' ? text`${request} with a body that can never run` : request;
  if (attempt.anonymous === undefined) return text`${what} answered ${answerText(attempt.keyed)}`;
  if (attempt.keyed === attempt.anonymous) {
    const why = attempt.keyedLooksAccepted ? (attempt.request === 'chat' ? ' (this endpoint checks the body before the key)' : ', so its answer says nothing about the key') : '';
    return text`${what} answered ${answerText(attempt.keyed)} with and without a key${trusted(why)}`;
  }
  return text`${what} answered ${answerText(attempt.keyed)} with the key and ${answerText(attempt.anonymous)} without one`;
}

/** The order the requests were asked in, which reads as the story of what was tried. */
function inAskingOrder(attempts: readonly ProofAttempt[]): ProofAttempt[] {
  const order = ['models', 'balance', 'keyInfo', 'chat'];
  return [...attempts].sort((a, b) => order.indexOf(a.request) - order.indexOf(b.request));
}

export function unprovenFinding(proof: Extract<AuthProof, { kind: 'unproven' }>): Finding {
  return {
    status: 'wrong_endpoint',
    kind: 'key_unproven',
    title: UNPROVEN_TITLE,
    cause: text`No request that costs no tokens proved the key, so it is not reported as working: ${join(inAskingOrder(proof.attempts).map(attemptText), '; ')}. Only a request that runs a model could tell, and this check never sends one.`,
    fix: [
      text`To check a DeepSeek key, check it at DeepSeek itself: ${lowerFirst(writeSetting('base-url', DEFAULT_BASE_URL))} (or leave it out).`,
      text`A gateway's own keys can be checked only where the gateway refuses \`GET /models\` without a key, or offers a key endpoint such as OpenRouter's \`GET /key\`; this one does neither.`,
    ],
  };
}

export function proofText(proof: Extract<AuthProof, { kind: 'proven' }>): Text {
  const request = code(PROOF_REQUEST_LABELS[proof.by]);
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
    title: UNPROVEN_TITLE,
    cause: text`The endpoint answered some requests, but the ones that could prove the key failed (${trusted(outage.title)}): ${join(inAskingOrder(proof.attempts).map(attemptText), '; ')}. ${outage.cause} An endpoint that is up but fails exactly these requests may be turning a refused key into an error, so this is not treated as an outage.`,
    fix: [
      text`Look at the endpoint's (or gateway's) log for these requests, fix what fails there, then re-run the job.`,
      text`To check a DeepSeek key at DeepSeek itself: ${lowerFirst(writeSetting('base-url', DEFAULT_BASE_URL))} (or leave it out).`,
    ],
    ...(outage.httpStatus !== undefined ? { httpStatus: outage.httpStatus } : {}),
  };
}
