// Probes the two free endpoints concurrently under one deadline, retrying only what is transient
// (429, 5xx, network), with exponential backoff and jitter that honours Retry-After and never
// sleeps past the deadline. A definitive answer about the key (401/402/403) stops all retries.
//
// Off DeepSeek's own host, an answer proves the key only if the endpoint refuses the same request
// without one (core/auth-proof.ts): `GET /models` goes out a second time, at the same moment, with
// no credential at all. When neither free endpoint proves the key, two more questions follow, in
// turn: `GET /key` (key introspection, as OpenRouter has it), then a `POST /chat/completions` whose
// body can never run. None of them costs tokens.
import { needsFurtherProof } from '../core/auth-proof.js';
import type { HttpGet, HttpOutcome } from './http-get.js';

const PROBE_PATHS = { models: '/models', balance: '/user/balance' } as const;
export type ProbeName = keyof typeof PROBE_PATHS;

/** Requests asked only when the free endpoints prove nothing about the key. */
const PROOF_PATHS = { keyInfo: '/key', chat: '/chat/completions' } as const;

/**
 * The chat request sent to learn whether the key passes authentication. No `messages`: there is no
 * input to run, and every OpenAI-compatible server must reject it (the field is required), so it
 * costs no tokens. The missing model is not what makes it safe: gateways fill one in (Portkey sends
 * `{"model":"deepseek-chat"}` on), and the body still cannot run (docs/key-proof.md).
 */
export const UNRUNNABLE_CHAT_BODY = '{}';

export type GaveUp = 'retries' | 'deadline' | 'retry_after_beyond_deadline';

export interface EndpointProbe {
  readonly path: string;
  /** Sent with no credential at all, to learn whether the endpoint checks one. */
  readonly anonymous?: true;
  readonly outcomes: readonly HttpOutcome[];
  readonly final: HttpOutcome;
  readonly gaveUp?: GaveUp;
  /** Abandoned because the other probe already had a verdict about the key (a 401, 402 or 403). */
  readonly cancelled?: true;
  /** Seconds the server asked to wait in its last Retry-After, when it asked. */
  readonly retryAfterSeconds?: number;
}

export interface ProbePair {
  readonly keyed: EndpointProbe;
  readonly anonymous: EndpointProbe;
}

export interface ProbeResult {
  readonly models: EndpointProbe;
  readonly balance: EndpointProbe;
  /** `GET /models` without a key; only off DeepSeek's own host. */
  readonly anonymous?: { readonly models: EndpointProbe };
  /** `GET /key`, asked only when the two free endpoints proved nothing. */
  readonly keyInfo?: ProbePair;
  /** `POST /chat/completions` with a body that cannot run, asked only when `GET /key` proved nothing either. */
  readonly chat?: ProbePair;
}

export interface ProbeOptions {
  readonly base: string;
  readonly key: string;
  /** Epoch milliseconds after which no network work may happen. */
  readonly deadlineAt: number;
  readonly retries: number;
  readonly userAgent?: string;
  /** Extra headers a gateway needs (the `headers` input), on every request, keyed and key-less alike. */
  readonly extraHeaders?: Readonly<Record<string, string>>;
  /**
   * DeepSeek's own host, which documents the key on every endpoint: no request without a key and
   * no further proof. Anywhere else (the default) the key has to be proven.
   */
  readonly official?: boolean;
}

export interface ProbeClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
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

export async function probeDeepSeek(options: ProbeOptions, get: HttpGet, clock: ProbeClock = realClock): Promise<ProbeResult> {
  const official = options.official === true;
  const deadline = new AbortController();
  const remaining = (): number => options.deadlineAt - clock.now();
  const timer = setTimeout(() => deadline.abort(), Math.max(0, remaining()));
  // Once one probe has a verdict about the key, the other stops: no retries, no waiting on a slow
  // answer that can no longer change the verdict (a 401 must not cost the whole deadline).
  const verdict = new AbortController();
  const stop = AbortSignal.any([deadline.signal, verdict.signal]);
  const common = { ...options.extraHeaders, accept: 'application/json', 'user-agent': options.userAgent ?? 'deepseek-preflight' };
  // No credential of any kind but the user's extra headers, which go on both twins: no
  // Authorization, no cookie, no api-key header.
  const anonymousHeaders: Record<string, string> = { ...common };
  const keyedHeaders: Record<string, string> = { authorization: `Bearer ${options.key}`, ...common };

  const probeOne = async (path: string, anonymous: boolean, body?: string): Promise<EndpointProbe> => {
    const plain = anonymous ? anonymousHeaders : keyedHeaders;
    const headers = body === undefined ? plain : { ...plain, 'content-type': 'application/json' };
    const tag = anonymous ? { anonymous: true as const } : {};
    const outcomes: HttpOutcome[] = [];
    for (let attempt = 0; ; attempt++) {
      const outcome = await get(options.base + path, headers, stop, body);
      outcomes.push(outcome);
      if (outcome.kind === 'network' && stop.aborted && !deadline.signal.aborted) return { path, ...tag, outcomes, final: outcome, cancelled: true };
      // Without a key, a 401 is the expected answer, not a verdict about the key.
      if (!anonymous && isVerdict(outcome)) verdict.abort();
      if (!isTransient(outcome)) return { path, ...tag, outcomes, final: outcome };
      const retryAfterMs = outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, clock.now()) : undefined;
      const retryAfterSeconds = retryAfterMs === undefined ? {} : { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
      if (deadline.signal.aborted || remaining() <= 0) return { path, ...tag, outcomes, final: outcome, gaveUp: 'deadline', ...retryAfterSeconds };
      if (attempt >= options.retries || stop.aborted) return { path, ...tag, outcomes, final: outcome, gaveUp: 'retries', ...retryAfterSeconds };
      const wait = retryAfterMs ?? backoffMs(attempt, clock.random());
      if (wait >= remaining()) {
        const gaveUp: GaveUp = retryAfterMs !== undefined ? 'retry_after_beyond_deadline' : 'deadline';
        return { path, ...tag, outcomes, final: outcome, gaveUp, ...retryAfterSeconds };
      }
      await clock.sleep(wait, stop);
      if (stop.aborted) return { path, ...tag, outcomes, final: outcome, gaveUp: deadline.signal.aborted ? 'deadline' : 'retries', ...retryAfterSeconds };
    }
  };

  const pair = async (path: string, body?: string): Promise<ProbePair> => {
    const [keyed, anonymous] = await Promise.all([probeOne(path, false, body), probeOne(path, true, body)]);
    return { keyed, anonymous };
  };

  try {
    if (official) {
      const [models, balance] = await Promise.all([probeOne(PROBE_PATHS.models, false), probeOne(PROBE_PATHS.balance, false)]);
      return { models, balance };
    }
    // All at once: asking whether /models refuses a request without a key adds no time. The
    // balance is DeepSeek's own endpoint, not asked without a key: off DeepSeek's host it proves nothing.
    const [models, balance, anonymousModels] = await Promise.all([probeOne(PROBE_PATHS.models, false), probeOne(PROBE_PATHS.balance, false), probeOne(PROBE_PATHS.models, true)]);
    let result: ProbeResult = { models, balance, anonymous: { models: anonymousModels } };
    const goOn = (): boolean => !stop.aborted && remaining() > 0 && needsFurtherProof(result, official);
    if (goOn()) result = { ...result, keyInfo: await pair(PROOF_PATHS.keyInfo) };
    if (goOn()) result = { ...result, chat: await pair(PROOF_PATHS.chat, UNRUNNABLE_CHAT_BODY) };
    return result;
  } finally {
    clearTimeout(timer);
  }
}
