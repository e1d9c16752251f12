// The diagnosis: settings, key facts and what the endpoints said in; findings, the verdict, the
// checks table and output values out. Pure and synchronous, so the action, the CLI and the tests
// all get the same answer from the same facts.
import { PROOF_REQUEST_LABELS, endpointAnswered, proveKey } from './auth-proof.js';
import type { Advisory, Diagnosis, Finding, RunContext } from './findings.js';
import type { Settings } from './inputs.js';
import { describeRemovals, removalsArePlural, type KeyInspection } from './key-inspection.js';
import { LINKS, apiKeysLink, statusLink, topUpLink } from './links.js';
import { observe, type Observation } from './observation.js';
import { secretHome, secretNameOf, type ProbePlan } from './plan.js';
import type { Redactor } from './redact.js';
import { KEY_ANSWERED_STATUSES, REQUEST_REFUSED_STATUSES, blocks, isOutage, priorityOf } from './status.js';
import { code, codeSpan, join, link, text, trusted, verbatim, type Text } from './text.js';
import type { ProbeResult } from '../probe/probe.js';
import { RERUN, consequence, input as inputName, outageEffect, setting } from './words.js';
import { DEPRECATED_MODELS, balanceText, isFinding, lowBalance } from './diagnosis/account.js';
import { buildChecks, type ProbeFacts } from './diagnosis/checks.js';
import { notApiCause, proofFailedFinding, redirectFinding, unprovenFinding, wrongEndpointFix } from './diagnosis/endpoint.js';
import { answererName, headersAskedFor, identifyGateway, isOpenAiHost, modelListOrigin, type AnsweredBy } from './verdict/causes/gateway.js';
import { describeNetwork } from './diagnosis/network.js';

/** What a proof request's answer may add to the verdict: a refusal of the key, or an outage. */
const PROOF_VERDICT_KINDS: ReadonlySet<Observation['kind']> = new Set(['auth_failed', 'payment_required', 'forbidden', 'rate_limited', 'server_error', 'network']);

export interface DiagnosisInput {
  readonly settings: Settings;
  readonly inspection: KeyInspection;
  readonly context: RunContext;
  /**
   * The plan the probe ran under (planProbe), decided once with the clock read before any request:
   * re-planning afterwards would call a token that expired mid-probe "not sent" while it was.
   */
  readonly plan: ProbePlan;
  /** Absent when the plan decided not to send the key. */
  readonly probe?: ProbeResult;
  readonly redact: Redactor;
}

const attemptsText = (n: number): string => (n === 1 ? 'once' : n === 2 ? 'on both attempts' : `on each of the ${n} attempts`);

/** Most likely first: at DeepSeek itself a 403 is about the account; behind a gateway, about the gateway's rules. */
function forbiddenFix(official: boolean): Text[] {
  const account = text`Sign in at ${apiKeysLink} and read the account's notices: a suspended account or a region DeepSeek does not serve answers 403 to every key of the account, so a new key will not help.`;
  const gateway = text`The gateway decides who may use it: check that this key is allowed there (its allow-list, plan or model permissions). A 403 from the gateway names the gateway in its message, not DeepSeek.`;
  return official
    ? [account, text`If the message above names a model or a feature, the key may be used for other requests: check ${inputName('models')} and the model your code calls.`]
    : [gateway, account];
}

/** An offered id that differs from `wanted` only in case or in one or two characters: a typo, most likely. */
function nearestId(wanted: string, offered: readonly string[]): string | undefined {
  const lower = wanted.toLowerCase();
  const exact = offered.find((id) => id.toLowerCase() === lower);
  // Bounded work whatever a gateway lists: short ids only, and the first few hundred of them.
  if (exact !== undefined || wanted.length > 64) return exact;
  return offered.slice(0, 300).find((id) => Math.abs(id.length - wanted.length) <= 2 && editDistance(id.toLowerCase(), lower) <= 2);
}

/** Levenshtein distance, for two short ids. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length] ?? 0;
}

const serverSaid = (message: string | undefined): Text => (message ? text` The endpoint said: ${code(message)}.` : trusted(''));

/** Who gave this answer: DeepSeek on its own host; elsewhere the host, and the gateway where it said which. */
function answeredBy(obs: Observation, host: string, official: boolean): AnsweredBy {
  const named = 'gateway' in obs ? obs.gateway : undefined;
  const gateway = official ? undefined : (named ?? identifyGateway(host));
  return { host, official, ...(gateway ? { gateway } : {}) };
}

/** The fix for an outage: DeepSeek's status page on its host; elsewhere, whoever runs the endpoint. */
function outageFix(who: AnsweredBy): Text[] {
  if (who.official) return [text`${RERUN} after a short wait.`, text`Check ${statusLink}.`];
  return [
    text`${RERUN} after a short wait.`,
    text`If it persists, look at ${trusted(who.gateway ? `${who.gateway}'s` : 'the endpoint')} log for this request: the answer came from ${code(who.host)}, which may not have reached DeepSeek at all.`,
  ];
}

/** Portkey routes by `x-portkey-provider`; for DeepSeek its value is `deepseek`. */
const HEADER_EXAMPLES: Readonly<Record<string, string>> = { 'x-portkey-provider': 'deepseek' };

/** The `headers` line as pasted: quoted in YAML (a plain scalar cannot hold `: `), or the CLI's flag. */
function headerLine(line: string): Text {
  return { md: codeSpan(`headers: '${line}'`), plain: `"headers: '${line}'"`, cli: `--header '${line}'` };
}

/** A gateway refused every request for want of a header of its own (Portkey's routing headers). */
function headerAskedFinding(obs: Extract<Observation, { kind: 'client_error' }>, path: string, asked: readonly string[], by: AnsweredBy): Finding {
  const first = asked.find((name) => HEADER_EXAMPLES[name] !== undefined) ?? asked[0] ?? '';
  const line = `${first}: ${HEADER_EXAMPLES[first] ?? 'VALUE'}`;
  return {
    status: 'wrong_endpoint',
    title: `${answererName(by)} asks for a header this step does not send`,
    cause: text`${code(`GET ${path}`)} answered ${String(obs.status)}: ${trusted(by.gateway ? `the gateway ${by.gateway}` : 'the endpoint')} at ${code(by.host)} needs ${join(asked.map((name) => code(name)))} beside the key.${serverSaid(obs.message)}`,
    fix: [
      text`Add the header to the step's ${inputName('headers')} input, one ${code('Name: value')} per line: ${headerLine(line)}${trusted(HEADER_EXAMPLES[first] ? '' : ' (the value the gateway documents)')}.`,
      text`${RERUN} to confirm.`,
    ],
    httpStatus: obs.status,
  };
}

function fromProbe(input: DiagnosisInput, probe: ProbeResult, host: string): ProbeFacts {
  const { settings, inspection, redact, context } = input;
  const facts: ProbeFacts = { findings: [], advisories: [], models: [], balance: '', accepted: false };
  const modelsObs = observe(probe.models, 'models', redact);
  const balanceObs = observe(probe.balance, 'balance', redact);
  const official = settings.endpoint.ok && settings.endpoint.endpoint.official;
  const who = (obs: Observation): AnsweredBy => answeredBy(obs, host, official);
  const observed = [modelsObs, balanceObs, ...(probe.anonymous ? [observe(probe.anonymous.models, 'models', redact)] : [])];
  facts.answeredBy = who(observed.find((obs) => 'gateway' in obs && obs.gateway !== undefined) ?? modelsObs);
  const proof = proveKey(probe, official);
  // The proof's own requests count only for what they say about the key or the service; that they
  // lack a model list or a balance is expected.
  const proofVerdicts = (
    [
      ['keyInfo', probe.keyInfo],
      ['chat', probe.chat],
    ] as const
  ).flatMap(([by, pair]) => {
    if (!pair) return [];
    const obs = observe(pair.keyed, 'models', redact);
    return PROOF_VERDICT_KINDS.has(obs.kind) ? [{ obs, path: pair.keyed.path, request: PROOF_REQUEST_LABELS[by], primary: false }] : [];
  });
  const both = [
    { obs: modelsObs, path: probe.models.path, request: `GET ${probe.models.path}`, primary: true },
    { obs: balanceObs, path: probe.balance.path, request: `GET ${probe.balance.path}`, primary: false },
    ...proofVerdicts,
  ];
  // Both probes often say the same thing (two 401s): say it once.
  const add = (finding: Finding): void => {
    if (!facts.findings.some((f) => f.status === finding.status)) facts.findings.push(finding);
  };

  for (const { obs, path, request, primary } of both) {
    switch (obs.kind) {
      case 'auth_failed': {
        if (obs.openaiStyle) {
          add({
            status: 'wrong_endpoint',
            title: 'base-url leads to OpenAI, not DeepSeek',
            cause: text`The endpoint answered 401 with OpenAI's message ${code(obs.message ?? '')}: ${inputName('base-url')} (or a gateway behind it) forwards to OpenAI, which does not know DeepSeek keys.`,
            fix: wrongEndpointFix(settings),
            httpStatus: 401,
          });
          break;
        }
        const sentTail = (inspection.candidate ?? '').slice(-4);
        let tail = trusted('');
        if (obs.echoedTail !== undefined) {
          tail =
            obs.echoedTail === sentTail
              ? text` DeepSeek echoed the last four characters it received, ${code(obs.echoedTail)}, which match the secret: it saw this exact key and does not accept it.`
              : text` DeepSeek echoed ${code(obs.echoedTail)} as the end of the key it received, but the secret ends in ${code(sentTail)}: something between the runner and DeepSeek (a gateway or proxy) replaced the key.`;
        }
        let shapeNote = trusted('');
        if (inspection.shape === 'other') {
          shapeNote = inspection.otherProvider
            ? text` The secret looks like ${trusted(inspection.otherProvider.description)}, not a DeepSeek key.`
            : text` The secret does not have the usual DeepSeek shape (\`sk-\` and 32 hex characters; this one has ${String((inspection.candidate ?? '').length)} characters).`;
        }
        add({
          status: 'invalid_key',
          title: settings.endpoint.ok && !settings.endpoint.endpoint.official ? 'The endpoint rejected the API key' : 'DeepSeek rejected the API key',
          cause: obs.relayed
            ? text`${code(request)} answered ${String(obs.status)}, and its body carries the upstream's refusal of the key: ${code(obs.message ?? '')}. ${trusted(answererName(who(obs)))} turned a 401 into a ${String(obs.status)}: the key is wrong, was deleted or disabled, or was only partly copied.${shapeNote}`
            : text`${code(request)} answered 401 Authentication Fails: the key is wrong, was deleted or disabled, or was only partly copied.${tail}${shapeNote}${serverSaid(obs.message)}`,
          fix: [
            // A gateway either issues its own keys or passes DeepSeek's through; DeepSeek's echo of the
            // key's end says it was DeepSeek that judged it.
            ...(official || obs.echoedTail !== undefined
              ? []
              : [
                  text`If this endpoint is a gateway with its own keys, the key is checked there: find it in the gateway's dashboard, or create a new one, and paste it whole into the secret ${code(secretNameOf(context))}. If the gateway passes DeepSeek keys through, the next steps apply.`,
                ]),
            text`Open ${apiKeysLink} and look for a key ending in ${code(sentTail)}. If none is listed, it was deleted: create a new key there and paste it whole into the secret ${code(secretNameOf(context))} in ${secretHome(context)} (a key is shown only once).`,
            text`If one is listed but still rejected, the secret holds another key with the same last four characters, or a copy cut short: create a new key, paste it whole into the secret, then delete the old one.`,
            text`${RERUN} to confirm.`,
          ],
          httpStatus: obs.status,
        });
        break;
      }
      case 'payment_required':
        add({
          status: 'insufficient_balance',
          title: 'The DeepSeek account has no balance',
          cause: text`${code(request)} answered 402 Insufficient Balance: the key is valid but the account cannot pay for API calls.${serverSaid(obs.message)}`,
          fix: [text`Top up at ${topUpLink}.`, text`Check spending at ${link('DeepSeek platform → Usage', LINKS.usage)}; set ${inputName('min-balance')} to be warned before it runs out.`],
          httpStatus: obs.status,
        });
        break;
      case 'forbidden':
        add({
          status: 'forbidden',
          title: official ? 'DeepSeek refused the key' : 'The endpoint refused the key',
          cause: text`${code(request)} answered 403 Forbidden: the key was recognised but is not allowed to make this request.${serverSaid(obs.message)}`,
          fix: forbiddenFix(official),
          httpStatus: obs.status,
        });
        break;
      case 'redirect':
        if (primary) add(redirectFinding(settings, path, obs.status, obs.location));
        break;
      case 'not_found':
        if (primary)
          add({
            status: 'wrong_endpoint',
            title: 'base-url has no DeepSeek API',
            cause: text`${code(`GET ${path}`)} answered 404 Not Found: ${inputName('base-url')} points at a server without the API at that path.${serverSaid(obs.message)}`,
            fix: wrongEndpointFix(settings),
            httpStatus: obs.status,
          });
        break;
      case 'not_api':
      case 'client_error':
        if (primary && obs.kind === 'client_error' && headersAskedFor(obs.message).length > 0) add(headerAskedFinding(obs, path, headersAskedFor(obs.message), who(obs)));
        else if (primary)
          add({
            status: 'wrong_endpoint',
            title: 'base-url does not answer like the DeepSeek API',
            cause:
              obs.kind === 'not_api' ? notApiCause(obs, path) : text`${code(`GET ${path}`)} answered ${String(obs.status)}, which the API does not answer to this request.${serverSaid(obs.message)}`,
            fix: wrongEndpointFix(settings),
            httpStatus: obs.status,
          });
        break;
      case 'rate_limited': {
        const by = who(obs);
        const waited = trusted(obs.gaveUp === 'retry_after_beyond_deadline' ? ` and asked to wait ${String(obs.retryAfterSeconds ?? '?')} s, beyond the deadline` : '');
        add({
          status: 'rate_limited',
          title: by.official ? 'DeepSeek is rate-limiting this account' : `${answererName(by)} is rate-limiting this key`,
          cause: by.official
            ? text`${code(request)} answered 429 Rate Limit Reached ${trusted(attemptsText(obs.attempts))}${waited}. DeepSeek limits concurrency per account, across all its keys.`
            : text`${code(request)} answered 429 ${trusted(attemptsText(obs.attempts))}${waited}: ${code(by.host)} limits this key, or passes on the limit of the provider behind it.${serverSaid(obs.message)}`,
          fix: by.official
            ? [text`${RERUN} later; other jobs and programs using the same account share the limit.`, text`Check ${statusLink}.`]
            : [text`${RERUN} later; other jobs using the same key share the limit.`, ...outageFix(by).slice(1)],
          httpStatus: obs.status,
        });
        break;
      }
      case 'server_error': {
        const by = who(obs);
        add({
          status: 'server_error',
          title: `${answererName(by)} answered ${obs.status}`,
          cause: by.official
            ? text`${code(request)} answered ${String(obs.status)} ${trusted(obs.status === 503 ? 'Server Overloaded' : 'Server Error')} ${trusted(attemptsText(obs.attempts))}.${serverSaid(obs.message)}`
            : text`${code(request)} answered ${String(obs.status)} ${trusted(attemptsText(obs.attempts))}: ${trusted(by.gateway ? `the gateway ${by.gateway} at` : 'the endpoint at')} ${code(by.host)} failed, and whether DeepSeek was reached is not known.${serverSaid(obs.message)}`,
          fix: outageFix(by),
          httpStatus: obs.status,
        });
        break;
      }
      case 'network': {
        const { title, cause, fix } = describeNetwork(obs, settings, host, input.context.network ?? {});
        add({ status: 'unreachable', title, cause, fix });
        break;
      }
      case 'models':
        facts.models = obs.ids.map((id) => redact(id));
        break;
      case 'balance':
        facts.balance = balanceText(obs.infos);
        if (!obs.available) {
          add({
            status: 'insufficient_balance',
            title: 'The DeepSeek account has no usable balance',
            cause: text`The key is valid, but ${code(`GET ${path}`)} reports \`is_available: false\`: the account cannot pay for API calls. Balance: ${facts.balance || 'none reported'}.`,
            fix: [text`Top up at ${topUpLink}.`, text`Set ${inputName('min-balance')} to be warned before it runs out.`],
            httpStatus: obs.status,
          });
        } else {
          const low = lowBalance(obs.infos, settings);
          if (low && isFinding(low)) add(low);
          else if (low) facts.advisories.push(low);
        }
        break;
      case 'cancelled':
        // Stopped because the other probe already had the verdict (a 401): nothing to add.
        break;
    }
  }

  // The balance endpoint is DeepSeek's own: a gateway may not have it. That is not an error, but
  // with `min-balance` set the user must know the threshold was not checked.
  const minNote = settings.minBalance ? text`, so ${inputName('min-balance')} was not checked` : text``;
  if (modelsObs.kind === 'models' && (balanceObs.kind === 'not_found' || balanceObs.kind === 'client_error' || balanceObs.kind === 'redirect')) {
    facts.balanceUnknown = 'not offered by this endpoint';
    facts.advisories.push({
      kind: 'balance_not_offered',
      title: 'Balance not available at this endpoint',
      cause: text`${code(`GET ${probe.balance.path}`)} is not offered by this endpoint (a gateway or a compatible server)${minNote}.`,
      fix: [],
    });
  } else if (modelsObs.kind === 'models' && balanceObs.kind === 'not_api') {
    facts.balanceUnknown = 'answered in an unexpected shape';
    facts.advisories.push({
      kind: 'balance_unexpected_shape',
      title: 'Balance answered in an unexpected shape',
      cause: text`${code(`GET ${probe.balance.path}`)} answered, but not with \`is_available\` and \`balance_infos\` as DeepSeek documents them${minNote}.`,
      fix: settings.minBalance ? [text`${RERUN} later; if it persists, the API changed: check the balance at ${topUpLink} by hand.`] : [],
    });
  }

  facts.proof = proof;
  facts.accepted = proof.kind === 'proven';
  // Safe by construction: without proof the result is never ok. An answer about the key or an
  // outage already explains the missing proof; anything else is an endpoint that cannot prove keys.
  // An outage explains the missing proof only when the endpoint gave no usable answer at all: an
  // endpoint that answered other requests but failed the ones that could prove the key proved
  // nothing, and a gateway that turns the upstream's 401 into a 500 looks exactly like that.
  const keyAnswered = facts.findings.some((f) => KEY_ANSWERED_STATUSES.has(f.status));
  const outage = facts.findings.find((f) => isOutage(f.status));
  if (proof.kind === 'unproven' && !keyAnswered) {
    if (!outage) add(unprovenFinding(proof));
    else if (endpointAnswered(probe)) {
      facts.findings = facts.findings.filter((f) => !isOutage(f.status));
      add(proofFailedFinding(proof, outage));
    }
  }

  const origin = modelsObs.kind === 'models' ? modelListOrigin(modelsObs.ids) : undefined;
  // Off DeepSeek's host, a list without a single DeepSeek id is a gateway's list of other providers'
  // models (some serve a fixed, public one): it says nothing about whether DeepSeek's are routed.
  const foreignList = !official && origin !== undefined && origin !== 'has_deepseek' && !(origin === 'openai_only' && isOpenAiHost(host));
  if (modelsObs.kind === 'models' && foreignList) {
    const whose = origin === 'openai_only' ? "only OpenAI's own model ids" : "only other providers' model ids, none of DeepSeek's";
    const required = settings.models.filter((m) => !modelsObs.ids.includes(m));
    facts.modelsNote = text`${code(host)} lists ${trusted(whose)} (${String(modelsObs.ids.length)})${required.length ? text`; ${join(required.map((m) => code(settings.echo(m))))} not known` : trusted('')}`;
    facts.advisories.push({
      kind: 'models_list_foreign',
      title: origin === 'openai_only' ? "The endpoint lists only OpenAI's models" : "The endpoint lists only other providers' models",
      cause: text`${code(`GET ${probe.models.path}`)} at ${code(host)} lists ${trusted(whose)} (${join(facts.models.slice(0, 5).map((m) => code(m)))}${trusted(facts.models.length > 5 ? ', …' : '')}). ${required.length ? text`This endpoint lists only other providers' models; whether it routes ${join(required.map((m) => code(settings.echo(m))))} is not known without a chat request, which this check never sends.` : text`The list says nothing about which DeepSeek models this endpoint routes.`}`,
      fix: required.length ? [text`Check the gateway's own model list or configuration for ${join(required.map((m) => code(settings.echo(m))))}.`] : [],
    });
  }
  if (modelsObs.kind === 'models' && !foreignList) {
    const missing = settings.models.filter((m) => !modelsObs.ids.includes(m));
    if (missing.length > 0) {
      const deprecated = missing.filter((m) => DEPRECATED_MODELS.has(m));
      const offered = facts.models.filter((id) => !DEPRECATED_MODELS.has(id));
      const near = missing.map((m) => ({ m, id: nearestId(m, facts.models) })).filter((n): n is { m: string; id: string } => n.id !== undefined);
      // DeepSeek lists the same models to every key: an id it does not list is not a model id there.
      // A gateway may list only what this key may use.
      const why = official
        ? text` DeepSeek lists the same models to every key, so an id it does not list is misspelt or withdrawn.`
        : text` A gateway may offer only some models to a key: one the gateway has may still be refused to this key.`;
      add({
        status: 'model_unavailable',
        title: missing.length === 1 ? `Model ${settings.echo(missing[0] ?? '').slice(0, 60)} is not available` : `${missing.length} required models are not available`,
        cause: text`Not offered to this key: ${join(missing.map((m) => code(settings.echo(m))))}. Offered: ${offered.length ? join(offered.slice(0, 20).map((m) => code(m))) : trusted('none but deprecated ids')}.${why}${deprecated.length ? text` DeepSeek has deprecated ${join(deprecated.map((m) => code(m)))}: it stops being offered on ${trusted(DEPRECATED_MODELS.get(deprecated[0] ?? '') ?? '')}.` : trusted('')}`,
        fix: [
          ...near.map(({ m, id }) => text`${code(settings.echo(m))} is close to the offered ${code(id)}: if that is the one meant, write it exactly, in ${inputName('models')} and in your code.`),
          text`${trusted(near.length ? 'Otherwise change' : 'Change')} ${inputName('models')} (and the model your code calls) to one of the offered ids.`,
          text`Model ids change over time: see ${link('DeepSeek models & pricing', LINKS.models)}.`,
        ],
        httpStatus: modelsObs.status,
      });
    }
    const current = facts.models.filter((id) => !DEPRECATED_MODELS.has(id));
    for (const m of settings.models.filter((id) => DEPRECATED_MODELS.has(id) && modelsObs.ids.includes(id))) {
      facts.advisories.push({
        kind: 'model_deprecated',
        title: `Model ${m} is deprecated`,
        cause: text`DeepSeek has announced that ${code(m)} is deprecated and stops being offered on ${trusted(DEPRECATED_MODELS.get(m) ?? '')}. It still works for this key today; code that calls it breaks on that date.`,
        fix: [
          current.length
            ? text`Move to a current model id before then (this key can use ${join(current.slice(0, 10).map((id) => code(id)))}; see ${link('DeepSeek models & pricing', LINKS.models)}), in ${inputName('models')} and in the code that calls the API.`
            : text`Watch ${link('DeepSeek models & pricing', LINKS.models)} for the replacement ids; \`GET /models\` lists no other model yet.`,
        ],
      });
    }
  }
  return facts;
}

function headlineFor(status: Diagnosis['status'], verdict: Finding | undefined, fingerprint: string, blocking: boolean, advisories: readonly Advisory[]): Text {
  if (status === 'ok') return fingerprint ? text`The DeepSeek API key ${verbatim(fingerprint)} works.` : text`The DeepSeek API key works.`;
  if (status === 'skipped') return text`${trusted(advisories.find((a) => a.kind === 'check_skipped')?.title ?? 'Key check skipped')}.`;
  const title = verdict?.title ?? status;
  // A title can carry a model id from the inputs: escaped like any other value.
  return text`${title} — ${consequence(blocking)}`;
}

export function diagnose(input: DiagnosisInput): Diagnosis {
  const { settings, inspection, context, plan, probe } = input;
  const findings: Finding[] = [...plan.findings];
  const advisories: Advisory[] = [...plan.advisories];
  const host = settings.endpoint.ok ? settings.echo(settings.endpoint.endpoint.host) : '';
  const facts = probe ? fromProbe(input, probe, host) : undefined;
  if (facts) {
    findings.push(...facts.findings);
    advisories.push(...facts.advisories);
  }
  if (facts && context.network?.tlsOverrideIgnored) {
    advisories.push({
      kind: 'tls_override_ignored',
      title: 'NODE_TLS_REJECT_UNAUTHORIZED=0 was ignored',
      cause: text`This job sets \`NODE_TLS_REJECT_UNAUTHORIZED=0\`, which turns certificate checks off for Node. This check verified the certificate anyway: the request carries the API key, which must not go to a server that is not proven to be ${code(host)}.`,
      fix: [
        text`Remove \`NODE_TLS_REJECT_UNAUTHORIZED\` from the job: every other Node step still accepts any certificate with it. For a private CA, set \`NODE_EXTRA_CA_CERTS\` instead (${link('Node docs', LINKS.extraCaCerts)}).`,
      ],
    });
  }

  // A cleaned key was probed: tell the user whether cleaning the secret is all it takes.
  const malformed = findings.find((f) => f.status === 'malformed_key');
  if (malformed && facts && inspection.cleaned) {
    const keyProblems = facts.findings.filter((f) => REQUEST_REFUSED_STATUSES.has(f.status));
    const addition =
      facts.accepted && keyProblems.length === 0
        ? text` The secret works once ${trusted(describeRemovals(inspection))} ${trusted(removalsArePlural(inspection) ? 'are' : 'is')} removed: DeepSeek accepted the cleaned key.`
        : keyProblems.some((f) => f.status === 'invalid_key')
          ? text` Even with ${trusted(describeRemovals(inspection))} removed, DeepSeek rejects the key (see below).`
          : trusted('');
    findings[findings.indexOf(malformed)] = { ...malformed, cause: join([malformed.cause, addition], '') };
  }

  findings.sort((a, b) => priorityOf(a.status) - priorityOf(b.status));
  const verdict = findings[0];
  const status = verdict?.status ?? (plan.skipped ? 'skipped' : 'ok');
  const blocking = blocks(status, settings.failOnOutage);
  const keyJudged = status !== 'skipped' && (!isOutage(status) || facts?.accepted === true) && verdict?.kind !== 'key_unproven';
  const blockingWord = settings.failOnOutage
    ? text`With ${setting('fail-on-outage', 'true')} ${outageEffect(true)}.`
    : text`With ${setting('fail-on-outage', 'false')} (the default) ${outageEffect(false)}.`;
  if (verdict && isOutage(status)) {
    advisories.unshift(
      keyJudged
        ? {
            kind: 'outage_key_works',
            title: 'The key works; part of the check could not be done',
            cause: text`The key authenticated, but ${trusted(verdict.title)}, so the rest of the check (balance or models) was not done. ${blockingWord}`,
            fix: [],
          }
        : {
            kind: 'outage_key_not_judged',
            title: 'The secret itself was not judged',
            cause: text`The endpoint could not give an answer about the key, so this run says nothing about whether the secret works. ${blockingWord}`,
            fix: [],
          },
    );
  }

  const checks = buildChecks(input, findings, facts, plan.skipped);
  // The status of the response behind the verdict: none for what was decided before any request.
  const httpStatus = verdict ? verdict.httpStatus : status === 'ok' ? 200 : undefined;
  return {
    status,
    ok: status === 'ok',
    blocking,
    findings,
    advisories,
    checks,
    headline: headlineFor(status, verdict, inspection.fingerprint, blocking, advisories),
    keyJudged,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    keyFingerprint: inspection.fingerprint,
    ...(facts?.answeredBy ? { answeredBy: facts.answeredBy } : {}),
    balance: facts?.balance ?? '',
    models: facts?.models ?? [],
  };
}
