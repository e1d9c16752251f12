// One GET with undici: explicit dispatcher, no redirects followed, a bounded body, and every failure
// turned into a small record with a stable code. Errors are never rethrown: undici errors can carry
// request options (headers, hence the key), so only their codes leave this module.
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';

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

export type HttpGet = (url: string, headers: Record<string, string>, signal: AbortSignal) => Promise<HttpOutcome>;

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
  const message = String((error as { message?: unknown })?.message ?? '');
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

function hasProxyEnvironment(env: NodeJS.ProcessEnv): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => (env[name] ?? '').trim() !== '');
}

/** The dispatcher for one run: proxy-aware only when a proxy is configured, since it costs start-up time. */
export function createDispatcher(env: NodeJS.ProcessEnv, timeoutMs: number): Dispatcher {
  const options = { connect: { timeout: timeoutMs }, keepAliveTimeout: 1000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  return hasProxyEnvironment(env) ? new EnvHttpProxyAgent(options) : new Agent(options);
}

export function createHttpGet(dispatcher: Dispatcher): HttpGet {
  return async (url, headers, signal) => {
    try {
      const response = await request(url, { method: 'GET', headers, dispatcher, signal, maxRedirections: 0 });
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
