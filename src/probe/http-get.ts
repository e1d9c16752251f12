// One GET with undici: explicit dispatcher, no redirects followed, a bounded body, and every failure
// turned into a small record with a stable code. Errors are never rethrown: undici errors can carry
// request options (headers, hence the key), so only their codes leave this module.
//
// undici's own modules rather than its index, which also loads fetch, WebSocket, EventSource, caches
// and mocks at start-up (docs/performance.md). Types: undici-lib.d.ts.
import type { Dispatcher } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import DispatcherBase from 'undici/lib/dispatcher/dispatcher.js';
import dispatcherApi from 'undici/lib/api/index.js';
import { hasProxyVariables, proxyFor } from './proxy-env.js';

/**
 * What undici's index does when imported: request(), connect()… become methods of every
 * dispatcher. We call request(); ProxyAgent calls connect() on its client to open the tunnel.
 */
function installDispatcherApi(): void {
  if (DispatcherBase.prototype.request !== dispatcherApi.request) Object.assign(DispatcherBase.prototype, dispatcherApi);
}

/** These endpoints answer a few KiB; anything far larger is not the API. */
export const MAX_BODY_BYTES = 256 * 1024;

export type NetworkFailure = 'dns' | 'refused' | 'reset' | 'tls' | 'timeout' | 'proxy' | 'other';

export interface HttpResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly location?: string;
  readonly retryAfter?: string;
  readonly contentType?: string;
  readonly body: string;
  readonly tooLarge: boolean;
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

/** A GET, or a POST of `body` when one is given (the key proof's chat request). */
export type HttpGet = (url: string, headers: Record<string, string>, signal: AbortSignal, body?: string) => Promise<HttpOutcome>;

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
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED' || code === 'ECONNABORTED') {
    return { kind: 'network', failure: 'reset', code };
  }
  return { kind: 'network', failure: 'other', code };
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The dispatcher for one run: proxy-aware only when a proxy is configured, since it costs start-up time. */
export function createDispatcher(env: NodeJS.ProcessEnv, timeoutMs: number): Dispatcher {
  const options = { connect: { timeout: timeoutMs }, keepAliveTimeout: 1000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  installDispatcherApi();
  return hasProxyVariables(env) ? withoutWarning('UNDICI-EHPA', () => new EnvHttpProxyAgent(options)) : new Agent(options);
}

/**
 * undici announces EnvHttpProxyAgent as experimental on stderr, in every run behind a proxy; the
 * API we use of it is stable in undici 6, so that line would only be noise in users' logs.
 */
function withoutWarning<T>(code: string, make: () => T): T {
  // Kept unbound on purpose: it is called below with `.call(process, …)` and put back as it was.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const options = rest[0] as { code?: string } | undefined;
    if (typeof options === 'object' && options?.code === code) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  };
  try {
    return make();
  } finally {
    process.emitWarning = emitWarning;
  }
}

export interface HttpClient {
  readonly get: HttpGet;
  readonly close: () => Promise<void>;
  /** host:port of the proxy requests to the base URL go through, if any. */
  readonly proxy?: string;
}

/** Everything a run needs to make requests to `base`, and to say which proxy they went through. */
export function connectHttp(env: NodeJS.ProcessEnv, timeoutMs: number, base: string): HttpClient {
  // Plain http is only ever allowed to loopback; through a proxy it would hand the key, in clear
  // text, to the proxy (and reach the proxy's localhost, not ours). It always goes direct.
  const direct = base.startsWith('http:');
  const dispatcher = createDispatcher(direct ? {} : env, timeoutMs);
  const proxy = direct ? undefined : proxyFor(base, env);
  return { get: createHttpGet(dispatcher), close: () => dispatcher.destroy(), ...(proxy ? { proxy } : {}) };
}

export function createHttpGet(dispatcher: Dispatcher): HttpGet {
  installDispatcherApi();
  return async (url, headers, signal, body) => {
    try {
      const { origin, pathname, search } = new URL(url);
      const response = await dispatcher.request({ origin, path: pathname + search, method: body === undefined ? 'GET' : 'POST', headers, signal, maxRedirections: 0, ...(body === undefined ? {} : { body }) });
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
      const contentType = header(response.headers, 'content-type');
      return {
        kind: 'response',
        status: response.statusCode,
        body: Buffer.concat(chunks).toString('utf8'),
        tooLarge,
        ...(location !== undefined ? { location } : {}),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        ...(contentType !== undefined ? { contentType } : {}),
      };
    } catch (error) {
      return classifyNetworkError(error, signal.aborted);
    }
  };
}
