// The one pipeline both the action and the CLI run: key facts, plan, requests (only if the plan says
// so), diagnosis. The network is the only effect, and it comes in as a parameter. This is the one
// module that sees both the probe (which sends) and the core (which decides): the core says which
// request to ask next, the probe asks it, and this loop carries the answers between them.
import type { NetworkFacts, ProbeResult, SendRequest } from './contract.js';
import { nextProofRequest } from './core/evidence/key-proof.js';
import { diagnose } from './core/verdict/diagnose.js';
import type { Diagnosis, RunContext } from './core/verdict/findings.js';
import type { Settings } from './core/input/inputs.js';
import type { KeyInspection } from './core/secret/key-inspection.js';
import { planProbe } from './core/verdict/plan.js';
import type { Redactor } from './core/secret/redact.js';
import type { HttpClient } from './probe/http-get.js';
import { openProbeSession, realClock, type ProbeClock, type ProbeOptions } from './probe/probe.js';
import { VERSION } from './version.js';

/** The major version only: the user agent says which interface answers, not which build. */
const USER_AGENT = `deepseek-preflight/${VERSION.split('.')[0] ?? ''}`;

export interface PreflightDeps {
  /** Creates the HTTP client for `base`, only when a request is going to be made. */
  readonly createClient: (base: string) => HttpClient;
  readonly clock?: ProbeClock;
}

/** What the edges know about the key before anything runs: they need it first, to mask and redact. */
export interface KeyFacts {
  /** inspectKey(settings.apiKey) */
  readonly inspection: KeyInspection;
  /** makeRedactor(inspection.secretForms), built once by the edge. */
  readonly redact: Redactor;
}

export interface EndpointOptions extends ProbeOptions {
  /**
   * DeepSeek's own host, which documents the key on every endpoint: no request without a key and
   * no further proof. Anywhere else (the default) the key has to be proven.
   */
  readonly official?: boolean;
}

/**
 * Asks the endpoint what the core needs to judge the key. All at once first: the keyed requests and,
 * off DeepSeek's host, the key-less twins (asking whether `/models` refuses a request without a key
 * adds no time). Then, in turn, whatever the core says could still prove the key, each with and
 * without the key, while the deadline allows and no request has had a verdict about the key.
 */
export async function probeDeepSeek(options: EndpointOptions, send: SendRequest, clock: ProbeClock = realClock): Promise<ProbeResult> {
  const official = options.official === true;
  const session = openProbeSession(options, send, clock);
  try {
    // The balance is never asked without a key (its row in the request table allows 0 such requests).
    const [models, balance, anonymousModels] = await Promise.all([session.ask('models', true), session.ask('balance', true), official ? undefined : session.ask('models', false)]);
    let result: ProbeResult = { models, balance, ...(anonymousModels ? { anonymous: { models: anonymousModels } } : {}) };
    for (let next = nextProofRequest(result, official); next !== undefined && session.canGoOn(); next = nextProofRequest(result, official)) {
      const [keyed, anonymous] = await Promise.all([session.ask(next, true), session.ask(next, false)]);
      result = { ...result, [next]: { keyed, anonymous } };
    }
    return result;
  } finally {
    session.close();
  }
}

export async function runPreflight(settings: Settings, key: KeyFacts, context: RunContext, deps: PreflightDeps): Promise<Diagnosis> {
  const { inspection, redact } = key;
  const clock = deps.clock ?? realClock;
  const startedAt = clock.now();
  const plan = planProbe(settings, inspection, context, startedAt);
  let probe: ProbeResult | undefined;
  let network: NetworkFacts | undefined;
  if (plan.probeKey !== undefined && settings.baseUrl.ok) {
    const client = deps.createClient(settings.baseUrl.endpoint.base);
    network = client.network;
    try {
      probe = await probeDeepSeek(
        {
          base: settings.baseUrl.endpoint.base,
          key: plan.probeKey,
          deadlineAt: startedAt + settings.timeoutMs,
          retries: settings.retries,
          userAgent: USER_AGENT,
          extraHeaders: Object.fromEntries(settings.headers.map((h) => [h.name, h.value])),
          official: settings.baseUrl.endpoint.official,
        },
        client.send,
        clock,
      );
    } finally {
      await client.close();
    }
  }
  return diagnose({ now: startedAt, settings, inspection, context: network ? { ...context, network } : context, plan, redact, ...(probe ? { probe } : {}) });
}
