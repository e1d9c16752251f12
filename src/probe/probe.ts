// Asks one request of the endpoint, under the run's one deadline, retrying only what is transient
// (429, 5xx, network), with exponential backoff and jitter that honours Retry-After and never
// sleeps past the deadline. A definitive answer about the key (401/402/403) stops every other
// request of the run. Which requests to ask, and in what order, is decided elsewhere
// (preflight.ts, with the core's `nextProofRequest`): this layer only sends and counts.
//
// Each kind of request goes out at most the number of times the request table allows
// (`maxAttempts` in contract.ts), counted over the whole run, with the key and without one apart.
import { REQUESTS, maxAttempts, type EndpointProbe, type GaveUp, type HttpOutcome, type RequestName, type SendRequest } from '../contract.js';

export interface ProbeOptions {
  readonly base: string;
  readonly key: string;
  /** Epoch milliseconds after which no network work may happen. */
  readonly deadlineAt: number;
  readonly retries: number;
  readonly userAgent?: string;
  /** Extra headers a gateway needs (the `headers` input), on every request, keyed and key-less alike. */
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

export interface ProbeClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
}

/** The requests of one run: they share the deadline, the stop on a verdict, and the attempt budget. */
export interface ProbeSession {
  /** Asks `name` with the key, or without any credential, retrying within its budget. */
  ask(name: RequestName, keyed: boolean): Promise<EndpointProbe>;
  /** False once the deadline has passed or a request with the key got a verdict about it. */
  canGoOn(): boolean;
  /** Ends the session: its deadline timer stops. */
  close(): void;
}

const BACKOFF = { baseMs: 500, maxMs: 8000 } as const;

function isTransient(outcome: HttpOutcome): boolean {
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

export function openProbeSession(options: ProbeOptions, send: SendRequest, clock: ProbeClock = realClock): ProbeSession {
  const deadline = new AbortController();
  const remaining = (): number => options.deadlineAt - clock.now();
  const timer = setTimeout(() => deadline.abort(), Math.max(0, remaining()));
  // Once one request has a verdict about the key, the others stop: no retries, no waiting on a slow
  // answer that can no longer change the verdict (a 401 must not cost the whole deadline).
  const verdict = new AbortController();
  const stop = AbortSignal.any([deadline.signal, verdict.signal]);
  const common = { ...options.extraHeaders, accept: 'application/json', 'user-agent': options.userAgent ?? 'deepseek-preflight' };
  // No credential of any kind but the user's extra headers, which go on both twins: no
  // Authorization, no cookie, no api-key header.
  const anonymousHeaders: Record<string, string> = { ...common };
  const keyedHeaders: Record<string, string> = { authorization: `Bearer ${options.key}`, ...common };
  const sent = new Map<string, number>();

  const counter = (name: RequestName, keyed: boolean): string => `${name} ${keyed ? 'keyed' : 'keyless'}`;
  /** Whether the run's budget for `name` allows one more attempt. */
  const mayAsk = (name: RequestName, keyed: boolean): boolean => (sent.get(counter(name, keyed)) ?? 0) < maxAttempts(name, keyed, options.retries);
  const spend = (name: RequestName, keyed: boolean): void => void sent.set(counter(name, keyed), (sent.get(counter(name, keyed)) ?? 0) + 1);

  const ask = async (name: RequestName, keyed: boolean): Promise<EndpointProbe> => {
    const request = REQUESTS[name];
    const { path } = request;
    const body = 'body' in request ? request.body : undefined;
    const plain = keyed ? keyedHeaders : anonymousHeaders;
    const headers = body === undefined ? plain : { ...plain, 'content-type': 'application/json' };
    const tag = keyed ? {} : { anonymous: true as const };
    const outcomes: HttpOutcome[] = [];
    if (!mayAsk(name, keyed)) throw new Error(`${request.label} ${keyed ? 'with' : 'without'} a key is not to be asked (again) in this run`);
    for (let attempt = 0; ; attempt++) {
      spend(name, keyed);
      const outcome = await send(options.base + path, headers, stop, body);
      outcomes.push(outcome);
      if (outcome.kind === 'network' && stop.aborted && !deadline.signal.aborted) return { path, ...tag, outcomes, final: outcome, cancelled: true };
      // Without a key, a 401 is the expected answer, not a verdict about the key.
      if (keyed && isVerdict(outcome)) verdict.abort();
      if (!isTransient(outcome)) return { path, ...tag, outcomes, final: outcome };
      const retryAfterMs = outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, clock.now()) : undefined;
      const retryAfterSeconds = retryAfterMs === undefined ? {} : { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
      if (deadline.signal.aborted || remaining() <= 0) return { path, ...tag, outcomes, final: outcome, gaveUp: 'deadline', ...retryAfterSeconds };
      if (stop.aborted || !mayAsk(name, keyed)) return { path, ...tag, outcomes, final: outcome, gaveUp: 'retries', ...retryAfterSeconds };
      const wait = retryAfterMs ?? backoffMs(attempt, clock.random());
      if (wait >= remaining()) {
        const gaveUp: GaveUp = retryAfterMs !== undefined ? 'retry_after_beyond_deadline' : 'deadline';
        return { path, ...tag, outcomes, final: outcome, gaveUp, ...retryAfterSeconds };
      }
      await clock.sleep(wait, stop);
      if (stop.aborted) return { path, ...tag, outcomes, final: outcome, gaveUp: deadline.signal.aborted ? 'deadline' : 'retries', ...retryAfterSeconds };
    }
  };

  return {
    ask,
    canGoOn: () => !stop.aborted && remaining() > 0,
    close: () => clearTimeout(timer),
  };
}
