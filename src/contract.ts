// The contract between the probe (the only layer that touches the network) and the core (pure
// decisions): what a request is, what its answer looks like, and what a run of requests gathered.
// A leaf: it imports nothing, so both sides can depend on it and neither on the other.

export type NetworkFailure = 'dns' | 'refused' | 'reset' | 'tls' | 'timeout' | 'proxy' | 'other';

export interface HttpResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly location?: string;
  readonly retryAfter?: string;
  readonly body: string;
  readonly tooLarge: boolean;
  /** The Content-Encoding of a body that could not be decoded (an unknown coding, or corrupt). */
  readonly undecodable?: string;
  /** The response's header names (lower case, at most 40; never their values): a gateway names itself by them. */
  readonly headerNames?: readonly string[];
}

export interface HttpFailure {
  readonly kind: 'network';
  readonly failure: NetworkFailure;
  /** A stable code (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, UND_ERR_HEADERS_TIMEOUT, DEADLINE…). */
  readonly code: string;
  /** The status a proxy answered to CONNECT, when it refused the tunnel. */
  readonly proxyStatus?: number;
}

export type HttpOutcome = HttpResponse | HttpFailure;

/** Sends one request: a GET, or a POST of `body` when one is given (the key proof's chat request). */
export type SendRequest = (url: string, headers: Record<string, string>, signal: AbortSignal, body?: string) => Promise<HttpOutcome>;

/** How many times a request may go out in one run: a number, or one plus the `retries` setting. */
export type MaxAttempts = number | 'one plus retries';

export interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** Sent as JSON when present (the chat request); the others have no body. */
  readonly body?: string;
  /** How the request is named to the user: `GET /models`. */
  readonly label: string;
  /** The most times it goes out with the key in one run. */
  readonly maxKeyed: MaxAttempts;
  /** The most times it goes out without any credential in one run (0: never asked without a key). */
  readonly maxKeyless: number;
  /** `first`: asked at once, together; `to prove the key`: asked in turn, only while nothing has proven it. */
  readonly asked: 'first' | 'to prove the key';
}

/**
 * The chat request sent to learn whether the key passes authentication. No `messages`: there is no
 * input to run, and every OpenAI-compatible server must reject it (the field is required), so it
 * costs no tokens. The missing model is not what makes it safe: gateways fill one in (Portkey sends
 * `{"model":"deepseek-chat"}` on), and the body still cannot run (docs/key-proof.md).
 */
export const UNRUNNABLE_CHAT_BODY = '{}';

/**
 * Every request this tool ever sends, and the most times each may go out in one run (docs/key-proof.md,
 * SECURITY.md). The order is the asking order: `models` and `balance` together, then `keyInfo` and
 * `chat` in turn, only while nothing has proven the key. None of them costs tokens.
 * The key-less twin and the proof requests matter only once the keyed request was answered, so they
 * get one retry on a transient answer, whatever `retries` says.
 */
export const REQUESTS = {
  models: { method: 'GET', path: '/models', label: 'GET /models', maxKeyed: 'one plus retries', maxKeyless: 2, asked: 'first' },
  // Never asked without a key: it is DeepSeek's own endpoint, and off DeepSeek's host a balance proves nothing.
  balance: { method: 'GET', path: '/user/balance', label: 'GET /user/balance', maxKeyed: 'one plus retries', maxKeyless: 0, asked: 'first' },
  keyInfo: { method: 'GET', path: '/key', label: 'GET /key', maxKeyed: 2, maxKeyless: 2, asked: 'to prove the key' },
  chat: { method: 'POST', path: '/chat/completions', body: UNRUNNABLE_CHAT_BODY, label: 'POST /chat/completions', maxKeyed: 2, maxKeyless: 2, asked: 'to prove the key' },
} as const satisfies Record<string, RequestSpec>;

export type RequestName = keyof typeof REQUESTS;

/** The requests asked in turn, only while nothing has proven the key. */
export type ProofRequestName = { [K in RequestName]: (typeof REQUESTS)[K]['asked'] extends 'to prove the key' ? K : never }[RequestName];

/** The requests in asking order (the table's order). */
export const REQUEST_NAMES = Object.keys(REQUESTS) as readonly RequestName[];

/** The most times `name` may go out in one run, with the key or without. */
export function maxAttempts(name: RequestName, keyed: boolean, retries: number): number {
  const spec: RequestSpec = REQUESTS[name];
  if (!keyed) return spec.maxKeyless;
  return spec.maxKeyed === 'one plus retries' ? 1 + Math.max(0, retries) : spec.maxKeyed;
}

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

/** Facts about the job's network settings that explain a failure (read by the edge, from env). */
export interface NetworkFacts {
  /** The proxy from HTTPS_PROXY and friends: the variable it came from and host:port, or why it is unusable. */
  readonly proxy?: { readonly variable: string; readonly hostPort: string } | { readonly variable: string; readonly problem: string };
  /** NODE_TLS_REJECT_UNAUTHORIZED=0 was set, and ignored for the request that carries the key. */
  readonly tlsOverrideIgnored?: true;
  /** NODE_EXTRA_CA_CERTS was set; whether its file exists. */
  readonly extraCaCerts?: 'present' | 'missing';
}
