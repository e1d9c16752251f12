// A simulated DeepSeek API on loopback, answering with the documented shapes
// (shared/deepseek-api-facts.md) and reproducing its faults for real: hung and reset sockets,
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

export type SimRoute = 'models' | 'balance';

export interface SimulatorOptions {
  readonly accounts?: Readonly<Record<string, SimAccount>>;
  /** Faults served in order, per route; once used up the route answers normally. */
  readonly script?: Partial<Record<SimRoute | 'any', SimFault[]>>;
  /** A fault served to every request, forever. */
  readonly always?: SimFault;
  /** Delay before every answer, in ms. */
  readonly delayMs?: number;
  readonly tls?: { key: string | Buffer; cert: string | Buffer };
  /** Path prefix of the API, e.g. '/gateway'. DeepSeek itself serves '', '/v1' and '/beta'. */
  readonly prefix?: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly at: number;
}

export interface Simulator {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Today's list: the newer ids first, then the two DeepSeek announced as deprecated on 2026-07-24. */
export const DEFAULT_MODELS = ['deepseek-v4-pro', 'deepseek-flash', 'deepseek-chat', 'deepseek-reasoner'];

/** Keys the built-in simulator knows, for the demo and quick manual runs. */
const demoKey = (tail: string): string => `sk-5e1f0c0de${tail.padStart(23, '0')}`;
export const DEMO_KEYS = {
  valid: demoKey('a11d'),
  empty: demoKey('e00'),
  revoked: demoKey('dead'),
} as const;

export const DEMO_ACCOUNTS: Record<string, SimAccount> = {
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

function routeOf(pathname: string, prefix: string): SimRoute | undefined {
  const prefixes = prefix ? [prefix] : ['', '/v1', '/beta'];
  for (const p of prefixes) {
    if (pathname === `${p}/models`) return 'models';
    if (pathname === `${p}/user/balance`) return 'balance';
  }
  return undefined;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const accounts = options.accounts ?? DEMO_ACCOUNTS;
  const script: Partial<Record<SimRoute | 'any', SimFault[]>> = {};
  for (const [route, faults] of Object.entries(options.script ?? {})) script[route as SimRoute] = [...(faults ?? [])];
  const requests: RecordedRequest[] = [];
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
        json(res, 429, { error: { message: 'Rate Limit Reached', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } }, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
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

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    requests.push({ method: req.method ?? '', path: url.pathname, ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}), at: Date.now() });
    const route = routeOf(url.pathname, options.prefix ?? '');
    // The normal answer for this request, as status and JSON body.
    const answer = (): { status: number; body: unknown } => {
      if (!route || req.method !== 'GET') return { status: 404, body: { detail: 'Not Found' } };
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
    const fault = options.always ?? (route ? script[route]?.shift() : undefined) ?? script.any?.shift();
    const respond = (): void => {
      if (fault) return serveFault(fault, req, res, answer);
      const { status, body } = answer();
      json(res, status, body);
    };
    if (options.delayMs) later(options.delayMs, respond);
    else respond();
  };

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // TLS handshakes that fail never reach secureConnection; track raw sockets too.
  if (options.tls) server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}${options.prefix ?? ''}`,
    port,
    requests,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
