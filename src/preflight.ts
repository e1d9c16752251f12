// The one pipeline both the action and the CLI run: key facts, plan, probe (only if the plan says
// so), diagnosis. The network is the only effect, and it comes in as a parameter.
import { diagnose } from './core/diagnose.js';
import type { Diagnosis, NetworkFacts, RunContext } from './core/findings.js';
import type { Settings } from './core/inputs.js';
import type { KeyInspection } from './core/key-inspection.js';
import { planProbe } from './core/plan.js';
import type { Redactor } from './core/redact.js';
import type { HttpClient } from './probe/http-get.js';
import { probeDeepSeek, realClock, type ProbeClock, type ProbeResult } from './probe/probe.js';

const USER_AGENT = 'deepseek-preflight/1';

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

export async function runPreflight(settings: Settings, key: KeyFacts, context: RunContext, deps: PreflightDeps): Promise<Diagnosis> {
  const { inspection, redact } = key;
  const clock = deps.clock ?? realClock;
  const startedAt = clock.now();
  const plan = planProbe(settings, inspection, context, startedAt);
  let probe: ProbeResult | undefined;
  let network: NetworkFacts | undefined;
  if (plan.probeKey !== undefined && settings.endpoint.ok) {
    const client = deps.createClient(settings.endpoint.endpoint.base);
    network = client.network;
    try {
      probe = await probeDeepSeek(
        {
          base: settings.endpoint.endpoint.base,
          key: plan.probeKey,
          deadlineAt: startedAt + settings.timeoutMs,
          retries: settings.retries,
          userAgent: USER_AGENT,
          extraHeaders: Object.fromEntries(settings.headers.map((h) => [h.name, h.value])),
          official: settings.endpoint.endpoint.official,
        },
        client.get,
        clock,
      );
    } finally {
      await client.close();
    }
  }
  return diagnose({ settings, inspection, context: network ? { ...context, network } : context, plan, redact, ...(probe ? { probe } : {}) });
}
