// A simulated DeepSeek API on loopback, answering with the documented shapes
// (docs/deepseek-api.md) and reproducing its faults for real: hung and reset sockets,
// redirects, HTML, blank-line keep-alives, 429 with Retry-After, oversized and stalled bodies.
// Used by the tests, the demo and the benchmark; never by the action itself.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface SimBalance {
  readonly currency: string; // 'CNY' or 'USD' from DeepSeek; anything else simulates drift
  readonly total: string;
  readonly granted?: string;
  readonly toppedUp?: string;
}

export interface SimAccount {
  readonly balances?: readonly SimBalance[];
  readonly isAvailable?: boolean;
  readonly models?: readonly string[];
  /** How every request with this key is answered when not 'ok'. */
  readonly state?: 'ok' | 'insufficient' | 'forbidden' | 'disabled';
}

export type SimFault =
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'rate_limited'; retryAfter?: string }
  | { kind: 'server_error'; status?: 500 | 502 | 503 }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'reset_mid_body' }
  | { kind: 'stall_mid_body' }
  | { kind: 'html'; status?: number; title?: string }
  | { kind: 'redirect'; location: string; status?: number }
  | { kind: 'keepalive'; blankLines: number; intervalMs: number }
  | { kind: 'huge'; bytes: number }
  | { kind: 'echo_key' }
  | { kind: 'hostile_message'; message: string; status?: number };

export type SimRoute = 'models' | 'balance' | 'key' | 'chat';

export interface SimulatorOptions {
  readonly accounts?: Readonly<Record<string, SimAccount>>;
  /** Faults served in order, per route; once used up the route answers normally. */
  readonly script?: Partial<Record<SimRoute | 'any' | 'anonymous', SimFault[]>>;
  /** A fault served to every request, forever. */
  readonly always?: SimFault;
  /** Delay before every answer, in ms. */
  readonly delayMs?: number;
  /** Extra delay before the answers of one route, in ms: fixes which of two concurrent requests answers first. */
  readonly routeDelayMs?: Partial<Record<SimRoute, number>>;
  readonly tls?: { key: string | Buffer; cert: string | Buffer };
  /** Path prefix of the API, e.g. '/gateway'. DeepSeek itself serves '', '/v1' and '/beta'. */
  readonly prefix?: string;
  /** Answer as an OpenAI-compatible gateway instead of DeepSeek (see GATEWAYS). */
  readonly gateway?: SimGateway;
  /**
   * A gateway that is up but fails the requests that could prove a key: `GET /key` and
   * `POST /chat/completions` answer this to everyone, with the key or without.
   */
  readonly proofFailure?: { readonly status: number; readonly body: string; readonly contentType?: string };
  /** A gateway that turns the upstream's 401 into this status; `hidden`: its body no longer says why. */
  readonly rewrite401?: { readonly status: number; readonly hidden?: true };
  /** `GET /models` is a fixed list of OpenAI's own ids, readable by anyone (some gateways serve one). */
  readonly openAiModels?: true;
  /** Filled into a chat body that names no model, as Portkey does, before the body is judged. */
  readonly fillModel?: string;
}

/** OpenAI's own model ids, as a gateway's fixed list serves them. */
export const OPENAI_MODEL_IDS = ['gpt-4', 'gpt-4o', 'gpt-4o-mini', 'gpt-3.5-turbo', 'davinci-002', 'babbage-002', 'text-embedding-3-small', 'text-embedding-ada-002', 'whisper-1', 'tts-1', 'dall-e-3'];

/**
 * An OpenAI-compatible gateway in front of DeepSeek. None has `/user/balance`. Modelled on
 * OpenRouter's documented behaviour: `GET /models` answers without a key, `GET /key` describes the
 * key that authenticates it (401 otherwise), and `POST /chat/completions` authenticates first, so a
 * body it cannot run gets 401 without a valid key and 400 (naming the user) with one.
 */
export interface SimGateway {
  /** `GET /models` answers anyone, key or not. */
  readonly publicModels: boolean;
  /** `GET /key` answers with the key's details. */
  readonly keyInfo: boolean;
  /**
   * 'auth_first': a bad key gets 401 before the body is read; 'body_first': an invalid body gets 400
   * from anyone; 'key_format_400': no key gets 401, a key it does not know gets 400 "Invalid API key
   * format" (a 400 about the key, not the body), a known key gets the body's 400.
   */
  readonly chat: 'auth_first' | 'body_first' | 'key_format_400';
}

export const GATEWAYS = {
  /** OpenRouter as documented. */
  openrouter: { publicModels: true, keyInfo: true, chat: 'auth_first' },
  /** Public models, no key endpoint, but chat authenticates first. */
  publicModelsChatAuthFirst: { publicModels: true, keyInfo: false, chat: 'auth_first' },
  /** Public models, no key endpoint, chat validates before it authenticates: nothing free proves a key. */
  unprovable: { publicModels: true, keyInfo: false, chat: 'body_first' },
  /** Public models, no key endpoint, and chat answers a key it does not know with 400 "Invalid API key format". */
  keyFormat400: { publicModels: true, keyInfo: false, chat: 'key_format_400' },
  /** A gateway that wants the key for `GET /models` too (LiteLLM's proxy does). */
  authenticated: { publicModels: false, keyInfo: false, chat: 'auth_first' },
} as const satisfies Record<string, SimGateway>;

/** The models an OpenRouter-like gateway lists to anyone. */
const GATEWAY_MODELS = ['deepseek/deepseek-v4-pro', 'deepseek/deepseek-flash', 'deepseek/deepseek-chat'];

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly at: number;
  /** Every header as received, to check what a request without a key carries. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface Simulator {
  readonly url: string;
  readonly port: number;
  /** Requests that carried an `Authorization` header. */
  readonly requests: RecordedRequest[];
  /** Requests without one: the check asking whether an endpoint refuses them. */
  readonly anonymous: RecordedRequest[];
  /** Chat requests that would have run a model and cost tokens: must stay 0. */
  readonly tokensSpent: () => number;
  close(): Promise<void>;
}

/** Today's list: the newer ids first, then the two DeepSeek announced as deprecated on 2026-07-24. */
const DEFAULT_MODELS = ['deepseek-v4-pro', 'deepseek-flash', 'deepseek-chat', 'deepseek-reasoner'];

/** Keys the built-in simulator knows, for the demo and quick manual runs. */
const demoKey = (tail: string): string => `sk-5e1f0c0de${tail.padStart(23, '0')}`;
export const DEMO_KEYS = {
  valid: demoKey('a11d'),
  empty: demoKey('e00'),
  revoked: demoKey('dead'),
} as const;

const DEMO_ACCOUNTS: Record<string, SimAccount> = {
  [DEMO_KEYS.valid]: { balances: [{ currency: 'CNY', total: '110.00', granted: '10.00', toppedUp: '100.00' }] },
  [DEMO_KEYS.empty]: { balances: [{ currency: 'CNY', total: '0.00', granted: '0.00', toppedUp: '0.00' }], isAvailable: false },
};

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function authError(message: string): unknown {
  return { error: { message, type: 'authentication_error', param: null, code: 'invalid_request_error' } };
}

/** A JSON object body with `model` filled in when it names none; anything else as it came. */
function withModel(body: string, model: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || 'model' in parsed) return body;
    return JSON.stringify({ model, ...parsed });
  } catch {
    return body;
  }
}

function routeOf(pathname: string, prefix: string): SimRoute | undefined {
  const prefixes = prefix ? [prefix] : ['', '/v1', '/beta'];
  for (const p of prefixes) {
    if (pathname === `${p}/models`) return 'models';
    if (pathname === `${p}/user/balance`) return 'balance';
    if (pathname === `${p}/key`) return 'key';
    if (pathname === `${p}/chat/completions`) return 'chat';
  }
  return undefined;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const accounts = options.accounts ?? DEMO_ACCOUNTS;
  const script: Partial<Record<SimRoute | 'any' | 'anonymous', SimFault[]>> = {};
  for (const [route, faults] of Object.entries(options.script ?? {})) script[route as SimRoute] = [...(faults ?? [])];
  const requests: RecordedRequest[] = [];
  const anonymous: RecordedRequest[] = [];
  let tokensSpent = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const serveFault = (fault: SimFault, req: http.IncomingMessage, res: http.ServerResponse, normal: () => { status: number; body: unknown }): void => {
    switch (fault.kind) {
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? '');
        return;
      case 'rate_limited':
        json(
          res,
          429,
          { error: { message: 'Rate Limit Reached', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } },
          fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {},
        );
        return;
      case 'server_error': {
        const status = fault.status ?? 503;
        json(res, status, { error: { message: status === 503 ? 'Server Overloaded' : 'Server Error', type: 'server_error', param: null, code: null } });
        return;
      }
      case 'hang':
        return; // never answers; the socket stays open until the client gives up
      case 'reset':
        req.socket.destroy();
        return;
      case 'reset_mid_body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"object":"list","data":[{"id":"deepseek-ch');
        later(20, () => req.socket.destroy());
        return;
      case 'stall_mid_body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"object":"list","data":[');
        return; // the rest never comes
      case 'html':
        res.writeHead(fault.status ?? 200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!DOCTYPE html><html><head><title>${fault.title ?? 'Sign in'}</title></head><body><form>Sign in</form></body></html>`);
        return;
      case 'redirect':
        res.writeHead(fault.status ?? 301, { location: fault.location, 'content-type': 'text/html' });
        res.end('<a href="">Moved</a>');
        return;
      case 'keepalive': {
        // Headers first, then blank lines while "inference has not started", then the real body.
        const { status, body } = normal();
        res.writeHead(status, { 'content-type': 'application/json' });
        let sent = 0;
        const tick = (): void => {
          if (res.destroyed) return;
          if (sent++ < fault.blankLines) {
            res.write('\n');
            later(fault.intervalMs, tick);
          } else {
            res.end(JSON.stringify(body));
          }
        };
        tick();
        return;
      }
      case 'huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let left = fault.bytes;
        const pump = (): void => {
          while (left > 0 && !res.destroyed) {
            left -= chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end('{}');
        };
        pump();
        return;
      }
      case 'echo_key': {
        const auth = req.headers.authorization ?? '';
        json(res, 401, authError(`Authentication Fails, you sent ${auth} (${Buffer.from(auth).toString('base64')})`));
        return;
      }
      case 'hostile_message':
        json(res, fault.status ?? 401, authError(fault.message));
        return;
    }
  };

  // An OpenRouter-shaped answer, for the gateway modes.
  const gatewayAnswer = (gateway: SimGateway, route: SimRoute | undefined, req: http.IncomingMessage, body: string): { status: number; body: unknown } => {
    const error = (status: number, message: string, extra: Record<string, unknown> = {}): { status: number; body: unknown } => ({ status, body: { error: { message, code: status }, ...extra } });
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const key = match?.[1];
    const account = key !== undefined ? accounts[key] : undefined;
    const authFailure = (): { status: number; body: unknown } | undefined =>
      key === undefined ? error(401, 'No auth credentials found') : !account || account.state === 'disabled' ? error(401, 'User not found.') : undefined;
    const method = req.method ?? '';
    if (route === 'models' && method === 'GET') {
      const denied = gateway.publicModels ? undefined : authFailure();
      return denied ?? { status: 200, body: { data: GATEWAY_MODELS.map((id) => ({ id, name: id, context_length: 131072, pricing: { prompt: '0.0000003', completion: '0.0000012' } })) } };
    }
    if (route === 'key' && method === 'GET' && gateway.keyInfo) {
      return (
        authFailure() ?? {
          status: 200,
          body: { data: { label: `${(key ?? '').slice(0, 12)}...${(key ?? '').slice(-3)}`, limit: null, limit_remaining: null, usage: 0.25, is_free_tier: false, is_provisioning_key: false } },
        }
      );
    }
    if (route === 'chat' && method === 'POST') {
      let request: unknown;
      try {
        request = JSON.parse(body);
      } catch {
        request = undefined;
      }
      const messages = typeof request === 'object' && request !== null ? (request as { messages?: unknown }).messages : undefined;
      const invalid = !Array.isArray(messages) || messages.length === 0 ? error(400, 'Input required: specify "prompt" or "messages"', { user_id: 'user_2sim' }) : undefined;
      const badKeyFormat = (): { status: number; body: unknown } | undefined =>
        key === undefined ? authFailure() : !account || account.state === 'disabled' ? { status: 400, body: { error: { message: 'Invalid API key format' } } } : undefined;
      const first = gateway.chat === 'auth_first' ? (authFailure() ?? invalid) : gateway.chat === 'key_format_400' ? (badKeyFormat() ?? invalid) : (invalid ?? authFailure());
      if (first) return first;
      tokensSpent++;
      return {
        status: 200,
        body: {
          id: 'gen-sim',
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Hello' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
        },
      };
    }
    return error(404, 'Not Found');
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, received: string): void => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const requestBody = options.fillModel ? withModel(received, options.fillModel) : received;
    const { authorization } = req.headers;
    (authorization !== undefined ? requests : anonymous).push({
      method: req.method ?? '',
      path: url.pathname,
      ...(authorization !== undefined ? { authorization } : {}),
      at: Date.now(),
      headers: { ...req.headers },
      body: requestBody,
    });
    const route = routeOf(url.pathname, options.prefix ?? '');
    // The normal answer for this request, as status and JSON body.
    const answer = (): { status: number; body: unknown } => {
      if (options.gateway) return gatewayAnswer(options.gateway, route, req, requestBody);
      if (!route || route === 'key' || route === 'chat' || req.method !== 'GET') return { status: 404, body: { detail: 'Not Found' } };
      const auth = req.headers.authorization;
      const match = auth ? /^Bearer (.+)$/.exec(auth) : null;
      if (!match) return { status: 401, body: authError('Authentication Fails (auth header format should be Bearer sk-...)') };
      const key = match[1] ?? '';
      const account = accounts[key];
      if (!account || account.state === 'disabled') return { status: 401, body: authError(`Authentication Fails, Your api key: ****${key.slice(-4)} is invalid`) };
      if (account.state === 'insufficient') return { status: 402, body: { error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' } } };
      if (account.state === 'forbidden') return { status: 403, body: { error: { message: 'Access denied in your region', type: 'permission_error', param: null, code: 'forbidden' } } };
      if (route === 'models') {
        const models = account.models ?? DEFAULT_MODELS;
        return { status: 200, body: { object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'deepseek' })) } };
      }
      const balances = account.balances ?? [{ currency: 'CNY', total: '110.00', granted: '10.00', toppedUp: '100.00' }];
      return {
        status: 200,
        body: {
          is_available: account.isAvailable ?? true,
          balance_infos: balances.map((b) => ({ currency: b.currency, total_balance: b.total, granted_balance: b.granted ?? '0.00', topped_up_balance: b.toppedUp ?? b.total })),
        },
      };
    };
    // Scripted faults go to requests with a key; those without one have their own script.
    const fault = options.always ?? (authorization !== undefined ? ((route ? script[route]?.shift() : undefined) ?? script.any?.shift()) : script.anonymous?.shift());
    const respond = (): void => {
      if (fault) return serveFault(fault, req, res, answer);
      if (options.proofFailure && (route === 'key' || route === 'chat')) {
        res.writeHead(options.proofFailure.status, { 'content-type': options.proofFailure.contentType ?? 'application/json' });
        res.end(options.proofFailure.body);
        return;
      }
      if (options.openAiModels && route === 'models' && req.method === 'GET') {
        json(res, 200, { object: 'list', data: OPENAI_MODEL_IDS.map((id) => ({ id, object: 'model', owned_by: 'openai' })) });
        return;
      }
      const { status, body } = answer();
      if (status === 401 && options.rewrite401) {
        const upstream = (body as { error?: { message?: string } }).error?.message ?? 'Unauthorized';
        json(res, options.rewrite401.status, options.rewrite401.hidden ? { error: 'Internal Server Error' } : { error: { message: `Upstream returned 401: ${upstream}`, type: 'upstream_error' } });
        return;
      }
      json(res, status, body);
    };
    const delay = (options.delayMs ?? 0) + ((route ? options.routeDelayMs?.[route] : undefined) ?? 0);
    if (delay > 0) later(delay, respond);
    else respond();
  };

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // TLS handshakes that fail never reach secureConnection; track raw sockets too.
  if (options.tls)
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}${options.prefix ?? ''}`,
    port,
    requests,
    anonymous,
    tokensSpent: () => tokensSpent,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
