// Probes the two free endpoints concurrently under one deadline, retrying only what is transient
// (429, 5xx, network), with exponential backoff and jitter that honours Retry-After and never
// sleeps past the deadline. A definitive answer about the key (401/402/403) stops all retries.
import type { HttpGet, HttpOutcome } from './http-get.js';

export const PROBE_PATHS = { models: '/models', balance: '/user/balance' } as const;
export type ProbeName = keyof typeof PROBE_PATHS;

export type GaveUp = 'retries' | 'deadline' | 'retry_after_beyond_deadline';

export interface EndpointProbe {
  readonly path: string;
  readonly outcomes: readonly HttpOutcome[];
  readonly final: HttpOutcome;
  readonly gaveUp?: GaveUp;
  /** Abandoned because the other probe already had a verdict about the key (a 401, 402 or 403). */
  readonly cancelled?: true;
  /** Seconds the server asked to wait in its last Retry-After, when it asked. */
  readonly retryAfterSeconds?: number;
}

export type ProbeResult = Readonly<Record<ProbeName, EndpointProbe>>;

export interface ProbeOptions {
  readonly base: string;
  readonly key: string;
  /** Epoch milliseconds after which no network work may happen. */
  readonly deadlineAt: number;
  readonly retries: number;
  readonly userAgent?: string;
}

export interface ProbeClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
}

export const BACKOFF = { baseMs: 500, maxMs: 8000 } as const;

export function isTransient(outcome: HttpOutcome): boolean {
  if (outcome.kind === 'network') return outcome.failure !== 'tls' && outcome.failure !== 'proxy' && outcome.code !== 'ENOTFOUND';
  return outcome.status === 429 || (outcome.status >= 500 && outcome.status <= 599);
}

/** Definitive about the key: no point retrying the other probe either. */
function isVerdict(outcome: HttpOutcome): boolean {
  return outcome.kind === 'response' && (outcome.status === 401 || outcome.status === 402 || outcome.status === 403);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full-jitter exponential backoff: between half and all of base·2^attempt, capped. */
export function backoffMs(attempt: number, random: number): number {
  const ceiling = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random / 2));
}

export const realClock: ProbeClock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

export async function probeDeepSeek(options: ProbeOptions, get: HttpGet, clock: ProbeClock = realClock): Promise<ProbeResult> {
  const deadline = new AbortController();
  const remaining = (): number => options.deadlineAt - clock.now();
  const timer = setTimeout(() => deadline.abort(), Math.max(0, remaining()));
  // Once one probe has a verdict about the key, the other stops: no retries, no waiting on a slow
  // answer that can no longer change the verdict (a 401 must not cost the whole deadline).
  const verdict = new AbortController();
  const stop = AbortSignal.any([deadline.signal, verdict.signal]);
  const headers = {
    authorization: `Bearer ${options.key}`,
    accept: 'application/json',
    'user-agent': options.userAgent ?? 'deepseek-preflight',
  };

  const probeOne = async (path: string): Promise<EndpointProbe> => {
    const outcomes: HttpOutcome[] = [];
    for (let attempt = 0; ; attempt++) {
      const outcome = await get(options.base + path, headers, stop);
      outcomes.push(outcome);
      if (outcome.kind === 'network' && verdict.signal.aborted && !deadline.signal.aborted) return { path, outcomes, final: outcome, cancelled: true };
      if (isVerdict(outcome)) verdict.abort();
      if (!isTransient(outcome)) return { path, outcomes, final: outcome };
      const retryAfterMs = outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, clock.now()) : undefined;
      const retryAfterSeconds = retryAfterMs === undefined ? {} : { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
      if (deadline.signal.aborted || remaining() <= 0) return { path, outcomes, final: outcome, gaveUp: 'deadline', ...retryAfterSeconds };
      if (attempt >= options.retries || verdict.signal.aborted) return { path, outcomes, final: outcome, gaveUp: 'retries', ...retryAfterSeconds };
      const wait = retryAfterMs ?? backoffMs(attempt, clock.random());
      if (wait >= remaining()) {
        const gaveUp: GaveUp = retryAfterMs !== undefined ? 'retry_after_beyond_deadline' : 'deadline';
        return { path, outcomes, final: outcome, gaveUp, ...retryAfterSeconds };
      }
      await clock.sleep(wait, stop);
      if (stop.aborted) return { path, outcomes, final: outcome, gaveUp: deadline.signal.aborted ? 'deadline' : 'retries', ...retryAfterSeconds };
    }
  };

  try {
    const [models, balance] = await Promise.all([probeOne(PROBE_PATHS.models), probeOne(PROBE_PATHS.balance)]);
    return { models, balance };
  } finally {
    clearTimeout(timer);
  }
}
