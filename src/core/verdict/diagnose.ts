// The diagnosis: settings, key facts and what the endpoints said in; findings, the verdict, the
// checks table and output values out. Pure and synchronous, so the action, the CLI and the tests
// all get the same answer from the same facts.
import { REQUESTS, type ProbeResult } from '../../contract.js';
import { endpointAnswered, proveKey } from '../evidence/key-proof.js';
import type { Advisory, Diagnosis, Finding } from './findings.js';
import { describeRemovals, removalsArePlural } from '../secret/key-inspection.js';
import { LINKS } from '../text/links.js';
import { observe, type Observation } from '../evidence/observation.js';
import type { Redactor } from '../secret/redact.js';
import { KEY_ANSWERED_STATUSES, REQUEST_REFUSED_STATUSES, findingBlocks, isOutage, priorityOf } from './status.js';
import { code, join, link, text, trusted, verbatim, type Text } from '../text/text.js';
import { consequence, outageEffect, setting } from '../text/words.js';
import { balanceText } from './causes/account.js';
import { buildChecks, type ProbeFacts } from './checks.js';
import { proofFailedFinding, unprovenFinding } from './causes/endpoint.js';
import { identifyEndpoint, type EndpointIdentity } from '../text/endpoint-name.js';
import { explain } from './causes/index.js';
import { balanceNotOffered } from './causes/account.js';
import { foreignModelList, modelFindings } from './causes/models.js';
import type { DiagnosisInput } from './diagnosis-input.js';

export type { DiagnosisInput } from './diagnosis-input.js';

/** What a proof request's answer may add to the verdict: a refusal of the key, or an outage. */
const PROOF_VERDICT_KINDS: ReadonlySet<Observation['kind']> = new Set(['auth_failed', 'payment_required', 'forbidden', 'rate_limited', 'server_error', 'network']);

interface Asked {
  readonly obs: Observation;
  readonly path: string;
  readonly request: string;
  readonly primary: boolean;
}

/** Every answer that counts, in asking order: the two main requests, then the proof requests' refusals or outages. */
function answersOf(probe: ProbeResult, redact: Redactor): { asked: Asked[]; modelsObs: Observation; balanceObs: Observation } {
  const modelsObs = observe(probe.models, 'models', redact);
  const balanceObs = observe(probe.balance, 'balance', redact);
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
    return PROOF_VERDICT_KINDS.has(obs.kind) ? [{ obs, path: pair.keyed.path, request: REQUESTS[by].label, primary: false }] : [];
  });
  const asked = [
    { obs: modelsObs, path: probe.models.path, request: `GET ${probe.models.path}`, primary: true },
    { obs: balanceObs, path: probe.balance.path, request: `GET ${probe.balance.path}`, primary: false },
    ...proofVerdicts,
  ];
  return { asked, modelsObs, balanceObs };
}

/** Who answered: DeepSeek at its host; elsewhere the gateway an answer named (its headers or body), else the host's. */
function answeredBy(probe: ProbeResult, asked: readonly Asked[], host: string, official: boolean, redact: Redactor): EndpointIdentity {
  const observed = [...asked.map((a) => a.obs), ...(probe.anonymous ? [observe(probe.anonymous.models, 'models', redact)] : [])];
  const named = observed.map((obs) => ('gateway' in obs ? obs.gateway : undefined)).find((name) => name !== undefined);
  return identifyEndpoint(host, official, named);
}

function fromProbe(input: DiagnosisInput, probe: ProbeResult, host: string): ProbeFacts {
  const { settings, inspection, redact, context } = input;
  const { asked, modelsObs, balanceObs } = answersOf(probe, redact);
  const endpoint = answeredBy(probe, asked, host, settings.baseUrl.ok && settings.baseUrl.endpoint.official, redact);
  const facts: ProbeFacts = { findings: [], advisories: [], models: [], balance: '', accepted: false, answers: [], endpoint };
  const proof = proveKey(probe, endpoint.official);
  // Both requests often say the same thing (two 401s): say it once.
  const add = (finding: Finding): void => {
    if (!facts.findings.some((f) => f.status === finding.status)) facts.findings.push(finding);
  };
  for (const { obs, path, request, primary } of asked) {
    if (obs.kind !== 'cancelled') facts.answers.push({ request, status: 'status' in obs ? obs.status : undefined });
    const outcome = explain(obs, { settings, inspection, context, redact, endpoint, request, path, primary });
    outcome.findings?.forEach(add);
    facts.advisories.push(...(outcome.advisories ?? []));
    if (outcome.models) facts.models = [...outcome.models];
    if (outcome.balance) facts.balance = balanceText(outcome.balance.infos);
  }
  const notOffered = balanceNotOffered(modelsObs, balanceObs, probe.balance.path, settings);
  if (notOffered) {
    facts.balanceUnknown = notOffered.why;
    facts.advisories.push(notOffered.advisory);
  }

  facts.proof = proof;
  facts.accepted = proof.kind === 'proven';
  // Safe by construction: without proof the result is never ok. An answer about the key explains
  // the missing proof; an outage does only when the endpoint gave no usable answer at all: one that
  // answered other requests but failed those that could prove the key proved nothing (a gateway
  // that turns the upstream's 401 into a 500 looks exactly like that). Anything else is an endpoint
  // that cannot prove keys.
  const keyAnswered = facts.findings.some((f) => KEY_ANSWERED_STATUSES.has(f.status));
  const outage = facts.findings.find((f) => isOutage(f.status));
  if (proof.kind === 'unproven' && !keyAnswered) {
    if (!outage) add(unprovenFinding(proof));
    else if (endpointAnswered(probe)) {
      facts.findings = facts.findings.filter((f) => !isOutage(f.status));
      add(proofFailedFinding(proof, outage));
    }
  }

  if (modelsObs.kind === 'models') {
    const foreign = foreignModelList(settings, modelsObs.ids, facts.models, endpoint, probe.models.path);
    if (foreign) {
      facts.modelsNote = foreign.note;
      facts.advisories.push(foreign.advisory);
    } else {
      const today = new Date(input.now).toISOString().slice(0, 10);
      const m = modelFindings(settings, modelsObs.ids, facts.models, endpoint.official, modelsObs.status, today);
      m.findings.forEach(add);
      facts.advisories.push(...m.advisories);
    }
  }
  return facts;
}

/**
 * What an outage-like verdict means for the key and the run. A failure the runner repeats (its fix
 * is in an input or the runner) blocks whatever `fail-on-outage` says; a remote one follows it.
 */
function outageNote(verdict: Finding, keyJudged: boolean, failOnOutage: boolean): Advisory {
  const repeats = verdict.place.kind !== 'remote';
  const effect = repeats
    ? text`Re-running gives the same answer until it is fixed, so ${outageEffect(true)} whatever ${setting('fail-on-outage', String(failOnOutage))} says.`
    : failOnOutage
      ? text`With ${setting('fail-on-outage', 'true')} ${outageEffect(true)}.`
      : text`With ${setting('fail-on-outage', 'false')} (the default) ${outageEffect(false)}.`;
  return keyJudged
    ? {
        kind: 'outage_key_works',
        place: verdict.place,
        title: 'The key works; part of the check could not be done',
        cause: text`The key authenticated, but ${trusted(verdict.title)}, so the rest of the check (balance or models) was not done. ${effect}`,
        fix: [],
      }
    : {
        kind: 'outage_key_not_judged',
        place: verdict.place,
        title: 'This run could not check the key',
        cause: text`No answer about the key came back, so this run says nothing about whether the secret works. ${effect}`,
        fix: [],
      };
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
  const host = settings.baseUrl.ok ? settings.echo(settings.baseUrl.endpoint.host) : '';
  const facts = probe ? fromProbe(input, probe, host) : undefined;
  const endpoint = facts?.endpoint ?? identifyEndpoint(host, settings.baseUrl.ok && settings.baseUrl.endpoint.official);
  if (facts) {
    findings.push(...facts.findings);
    advisories.push(...facts.advisories);
  }
  if (facts && context.network?.tlsOverrideIgnored) {
    advisories.push({
      kind: 'tls_override_ignored',
      place: { kind: 'runner', variable: 'NODE_TLS_REJECT_UNAUTHORIZED' },
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
  const blocking = verdict !== undefined && findingBlocks(verdict, settings.failOnOutage);
  const keyJudged = status !== 'skipped' && (!isOutage(status) || facts?.accepted === true) && verdict?.kind !== 'key_unproven';
  if (verdict && isOutage(status)) advisories.unshift(outageNote(verdict, keyJudged, settings.failOnOutage));

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
    balance: facts?.balance ?? '',
    models: facts?.models ?? [],
    ...(settings.baseUrl.ok ? { endpoint } : {}),
  };
}
