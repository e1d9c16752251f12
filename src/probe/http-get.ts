// One request (a GET, or the key proof's POST) with undici: explicit dispatcher, no redirects followed, a bounded body, TLS always
// verified, and every failure turned into a small record with a stable code. Errors are never
// rethrown: undici errors can carry request options (headers, hence the key), so only their codes
// leave this module. A request settles when its signal aborts, whatever the socket is doing.
//
// undici's own modules rather than its index, which also loads fetch, WebSocket, EventSource, caches
// and mocks at start-up (docs/performance.md). Its request() and connect() are called as functions
// on a dispatcher (what the index would install on Dispatcher.prototype), so nothing of undici is
// patched. Types: undici-lib.d.ts.
import { existsSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import Pool from 'undici/lib/dispatcher/pool.js';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent.js';
import buildConnector from 'undici/lib/core/connect.js';
import apiRequest from 'undici/lib/api/api-request.js';
import apiConnect from 'undici/lib/api/api-connect.js';
import type { HttpFailure, HttpOutcome, HttpResponse, NetworkFacts, SendRequest } from '../contract.js';
import { skipInterimContinue } from './interim-continue.js';
import { trackedLookup, type LookupFunction } from './lookup.js';
import { boundedResolver } from './bounded-resolve.js';
import { proxyFor, type ProxyChoice } from './proxy-env.js';

/** These endpoints answer a few KiB; anything far larger is not the API. */
export const MAX_BODY_BYTES = 256 * 1024;

function inflate(raw: Buffer, zlib: typeof import('node:zlib'), limit: { maxOutputLength: number }): Buffer {
  try {
    return zlib.inflateSync(raw, limit);
  } catch (error) {
    // "deflate" is zlib-wrapped by the standard, raw in some servers.
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw error;
    return zlib.inflateRawSync(raw, limit);
  }
}

/**
 * The body as text. Requests ask for `accept-encoding: identity`; a server that compresses anyway
 * is decoded, with the decoded size capped like the raw one (no decompression bomb). zlib is loaded
 * only then, so the usual run does not pay for it.
 */
export function decodeBody(raw: Buffer, encoding: string | undefined): Pick<HttpResponse, 'body' | 'tooLarge' | 'undecodable'> {
  const coding = (encoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return { body: raw.toString('utf8'), tooLarge: false };
  const zlib = process.getBuiltinModule('node:zlib');
  const limit = { maxOutputLength: MAX_BODY_BYTES };
  const undecodable = { body: '', tooLarge: false, undecodable: coding.replace(/[^a-z0-9._, -]/g, '?').slice(0, 40) };
  try {
    const decoded =
      coding === 'gzip' || coding === 'x-gzip' ? zlib.gunzipSync(raw, limit) : coding === 'br' ? zlib.brotliDecompressSync(raw, limit) : coding === 'deflate' ? inflate(raw, zlib, limit) : undefined;
    return decoded ? { body: decoded.toString('utf8'), tooLarge: false } : undecodable;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? { body: '', tooLarge: true } : undecodable;
  }
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** The deepest code in the cause chain: undici wraps the socket or TLS error that says what happened. */
function codeOf(error: unknown): string {
  let found = 'UNKNOWN';
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') found = code;
    current = cause;
  }
  return found;
}

export function classifyNetworkError(error: unknown, deadlinePassed: boolean): HttpFailure {
  if (deadlinePassed) return { kind: 'network', failure: 'timeout', code: 'DEADLINE' };
  const raw = (error as { message?: unknown } | null)?.message;
  const message = typeof raw === 'string' ? raw : '';
  const proxy = /Proxy response \((\d{3})\)/.exec(message);
  if (proxy) return { kind: 'network', failure: 'proxy', code: 'PROXY_REFUSED', proxyStatus: Number(proxy[1]) };
  const code = codeOf(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME') return { kind: 'network', failure: 'dns', code };
  if (code === 'ECONNREFUSED') return { kind: 'network', failure: 'refused', code };
  if (TLS_CODES.test(code) || /certificate|SSL|TLS/i.test(message)) return { kind: 'network', failure: 'tls', code };
  if (/TIMEOUT/.test(code) || code === 'ETIMEDOUT') return { kind: 'network', failure: 'timeout', code };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED' || code === 'ECONNABORTED' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return { kind: 'network', failure: 'reset', code };
  }
  return { kind: 'network', failure: 'other', code };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

type Connector = buildConnector.connector;
type ConnectCallback = buildConnector.Callback;

/** Every connection drops a `100 Continue` undici would take for a broken answer (interim-continue.ts). */
function withInterimContinueSkipped(connect: Connector): Connector {
  return (options, callback) =>
    connect(options, (error: Error | null, socket: Parameters<ConnectCallback>[1]) => {
      if (error || !socket) (callback as (e: Error | null, s: null) => void)(error, null);
      else (callback as (e: null, s: typeof socket) => void)(null, skipInterimContinue(socket));
    });
}

export interface DispatcherOptions {
  readonly timeoutMs: number;
  /** Where the tunnel goes, when a proxy is used. */
  readonly proxy?: ProxyChoice;
  readonly lookup?: LookupFunction;
}

/**
 * The dispatcher for one run. `rejectUnauthorized: true` on every TLS connection (the API's and an
 * https proxy's): Node's default reads NODE_TLS_REJECT_UNAUTHORIZED, and with it set to 0 in a
 * job's environment the key would go to whoever answers. `lookup` resolves the host names.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { timeoutMs, proxy, lookup } = options;
  const tls = { timeout: timeoutMs, rejectUnauthorized: true, ...(lookup ? { lookup } : {}) };
  const timeouts = { keepAliveTimeout: 1000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  if (!proxy) return new Agent({ ...timeouts, connect: withInterimContinueSkipped(buildConnector(tls)) });
  return new ProxyAgent({
    ...timeouts,
    uri: proxy.uri,
    ...(proxy.authorization ? { token: proxy.authorization } : {}),
    proxyTls: tls,
    requestTls: { timeout: timeoutMs, rejectUnauthorized: true },
    // The pool to the proxy opens tunnels with connect(): given to that one pool, not to every dispatcher.
    clientFactory: (origin: URL, opts: object) => {
      const pool = new Pool(origin, opts);
      return Object.assign(pool, { connect: (connectOptions: Dispatcher.ConnectOptions) => apiConnect.call(pool, connectOptions) });
    },
    factory: (origin: string | URL, opts: object) => {
      const poolOptions = opts as Pool.Options & { connect: Connector };
      return new Pool(origin, { ...poolOptions, connect: withInterimContinueSkipped(poolOptions.connect) });
    },
  });
}

export interface HttpClient {
  readonly send: SendRequest;
  readonly close: () => Promise<void>;
  /** What the diagnosis needs to know about how requests were made (proxy, TLS settings). */
  readonly network: NetworkFacts;
}

/** What the job's environment asked of TLS and what this client did about it. */
function tlsFacts(env: NodeJS.ProcessEnv, base: string): NetworkFacts {
  if (!base.startsWith('https:')) return {};
  const extra = env.NODE_EXTRA_CA_CERTS;
  return {
    ...(env.NODE_TLS_REJECT_UNAUTHORIZED === '0' ? { tlsOverrideIgnored: true as const } : {}),
    ...(extra ? { extraCaCerts: existsSync(extra) ? ('present' as const) : ('missing' as const) } : {}),
  };
}

/** Everything a run needs to make requests to `base`, and to say which proxy they went through. */
export function createHttpClient(env: NodeJS.ProcessEnv, timeoutMs: number, base: string, resolve?: LookupFunction): HttpClient {
  // Plain http is only ever allowed to loopback; through a proxy it would hand the key, in clear
  // text, to the proxy (and reach the proxy's localhost, not ours). It always goes direct.
  const decision = base.startsWith('http:') ? undefined : proxyFor(base, env);
  const tls = tlsFacts(env, base);
  if (decision?.kind === 'invalid') {
    // Nothing can be sent: every request fails the same way, without touching the network.
    const failure: HttpFailure = { kind: 'network', failure: 'proxy', code: 'PROXY_INVALID' };
    return { send: () => Promise.resolve(failure), close: () => Promise.resolve(), network: { ...tls, proxy: { variable: decision.variable, problem: decision.problem } } };
  }
  // Never getaddrinfo against a silent DNS: it would hold the process past the deadline (bounded-resolve.ts).
  const bounded = resolve ? undefined : boundedResolver({ timeoutMs });
  const lookups = trackedLookup(resolve ?? bounded?.lookup);
  const dispatcher = createDispatcher({ timeoutMs, lookup: lookups.lookup, ...(decision ? { proxy: decision } : {}) });
  return {
    send: createSendRequest(dispatcher, lookups.waiting),
    close: () => {
      bounded?.cancel();
      return dispatcher.destroy();
    },
    network: { ...tls, ...(decision ? { proxy: { variable: decision.variable, hostPort: decision.hostPort } } : {}) },
  };
}

/** The signal's abort as an outcome, so that a request never outlives its deadline. */
function whenAborted(signal: AbortSignal, lookupWaiting: () => boolean): { promise: Promise<HttpFailure>; dispose: () => void } {
  let dispose = (): void => undefined;
  const promise = new Promise<HttpFailure>((resolve) => {
    const settle = (): void => resolve(lookupWaiting() ? { kind: 'network', failure: 'dns', code: 'DNS_TIMEOUT' } : classifyNetworkError(signal.reason, true));
    if (signal.aborted) return settle();
    signal.addEventListener('abort', settle, { once: true });
    dispose = () => signal.removeEventListener('abort', settle);
  });
  return { promise, dispose };
}

export function createSendRequest(dispatcher: Dispatcher, lookupWaiting: () => boolean = () => false): SendRequest {
  const request = async (url: string, headers: Record<string, string>, signal: AbortSignal, body: string | undefined): Promise<HttpOutcome> => {
    try {
      const { origin, pathname, search } = new URL(url);
      // One request per connection (`reset`): a `100 Continue` can then only be at a connection's start.
      const response = await apiRequest.call(dispatcher, {
        origin,
        path: pathname + search,
        method: body === undefined ? 'GET' : 'POST',
        ...(body === undefined ? {} : { body }),
        headers: { ...headers, 'accept-encoding': 'identity' },
        signal,
        maxRedirections: 0,
        reset: true,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          tooLarge = true;
          response.body.destroy();
          break;
        }
        chunks.push(chunk);
      }
      const location = header(response.headers, 'location');
      const retryAfter = header(response.headers, 'retry-after');
      const decoded = tooLarge ? { body: '', tooLarge } : decodeBody(Buffer.concat(chunks), header(response.headers, 'content-encoding'));
      const headerNames = Object.keys(response.headers)
        .slice(0, 40)
        .map((name) => name.toLowerCase().slice(0, 64));
      return {
        kind: 'response',
        status: response.statusCode,
        ...decoded,
        ...(headerNames.length > 0 ? { headerNames } : {}),
        ...(location !== undefined ? { location } : {}),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      };
    } catch (error) {
      return classifyNetworkError(error, signal.aborted);
    }
  };
  return async (url, headers, signal, body) => {
    const aborted = whenAborted(signal, lookupWaiting);
    try {
      return await Promise.race([request(url, headers, signal, body), aborted.promise]);
    } finally {
      aborted.dispose();
    }
  };
}
