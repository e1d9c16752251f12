// The one pipeline both the action and the CLI run: key facts, plan, probe (only if the plan says
// so), diagnosis. The network is the only effect, and it comes in as a parameter.
import { diagnose } from './core/diagnose.js';
import type { Diagnosis, NetworkFacts, RunContext } from './core/findings.js';
import type { Settings } from './core/inputs.js';
import type { KeyInspection } from './core/key-inspection.js';
import { planProbe } from './core/plan.js';
import { makeRedactor, type Redactor } from './core/redact.js';
import type { HttpClient } from './probe/http-get.js';
import { probeDeepSeek, realClock, type ProbeClock, type ProbeResult } from './probe/probe.js';

export const USER_AGENT = 'deepseek-preflight/1';

export interface PreflightDeps {
  /** Creates the HTTP client for `base`, only when a request is going to be made. */
  readonly connect: (base: string) => HttpClient;
  readonly clock?: ProbeClock;
}

export interface PreflightRun {
  readonly diagnosis: Diagnosis;
  readonly inspection: KeyInspection;
  readonly redact: Redactor;
  readonly probe?: ProbeResult;
}

/** `inspection` is inspectKey(settings.apiKey): the edges need it first, to mask and redact. */
export async function runPreflight(settings: Settings, inspection: KeyInspection, context: RunContext, deps: PreflightDeps): Promise<PreflightRun> {
  const clock = deps.clock ?? realClock;
  const startedAt = clock.now();
  const redact = makeRedactor(inspection.secretForms);
  const plan = planProbe(settings, inspection, context, startedAt);
  let probe: ProbeResult | undefined;
  let network: NetworkFacts | undefined;
  if (plan.probeKey !== undefined && settings.endpoint.ok) {
    const client = deps.connect(settings.endpoint.endpoint.base);
    network = client.network;
    try {
      probe = await probeDeepSeek(
        { base: settings.endpoint.endpoint.base, key: plan.probeKey, deadlineAt: startedAt + settings.timeoutMs, retries: settings.retries, userAgent: USER_AGENT, official: settings.endpoint.endpoint.official },
        client.get,
        clock,
      );
    } finally {
      await client.close();
    }
  }
  const diagnosis = diagnose({ settings, inspection, context: network ? { ...context, network } : context, plan, redact, ...(probe ? { probe } : {}) });
  return { diagnosis, inspection, redact, ...(probe ? { probe } : {}) };
}
