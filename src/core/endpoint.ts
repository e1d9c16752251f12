// Static checks of `base-url`, before any request: the key is only ever sent to a URL that passes.
import { code, text, type Text } from './text.js';

export const DEFAULT_BASE_URL = 'https://api.deepseek.com';
export const OFFICIAL_HOST = 'api.deepseek.com';

export interface Endpoint {
  /** Normalised base, no trailing slash: probe paths are appended to it. */
  readonly base: string;
  readonly host: string;
  /** DeepSeek's own API host, where key-shape rules are known. */
  readonly official: boolean;
  readonly loopback: boolean;
}

export type EndpointProblemKind =
  | 'not_a_url'
  | 'unsupported_scheme'
  | 'plain_http'
  | 'credentials_in_url'
  | 'query_or_fragment'
  | 'endpoint_path'
  | 'anthropic_surface'
  | 'other_provider';

export interface EndpointProblem {
  readonly kind: EndpointProblemKind;
  readonly cause: Text;
  readonly fix: Text[];
}

export type EndpointCheck = { ok: true; endpoint: Endpoint } | { ok: false; problem: EndpointProblem };

/** Paths that belong after the base URL, not in it. */
const ENDPOINT_PATHS = ['/chat/completions', '/completions', '/models', '/user/balance', '/embeddings'];

/** A Map: a host named `constructor` must not find Object.prototype's. */
const OTHER_PROVIDERS: ReadonlyMap<string, string> = new Map([
  ['api.openai.com', 'OpenAI'],
  ['api.anthropic.com', 'Anthropic'],
]);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A loop, not `/\/+$/`: that regex restarts at every slash of a long run and takes quadratic time. */
function withoutTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value[end - 1] === '/') end--;
  return value.slice(0, end);
}

function problem(kind: EndpointProblemKind, cause: Text, ...fix: Text[]): EndpointCheck {
  return { ok: false, problem: { kind, cause, fix } };
}

const WRITE_DEFAULT = text`Write ${code(`base-url: ${DEFAULT_BASE_URL}`)} (or remove the input: that is the default).`;

export function checkBaseUrl(raw: string): EndpointCheck {
  const value = raw.trim() === '' ? DEFAULT_BASE_URL : raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem(
      'not_a_url',
      text`\`base-url\` is ${code(value)}, which is not a URL.`,
      text`Write a full URL with its scheme, such as ${code(`base-url: ${DEFAULT_BASE_URL}`)}.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return problem(
      'unsupported_scheme',
      text`\`base-url\` uses the scheme ${code(url.protocol)}; the API is only served over HTTPS.`,
      WRITE_DEFAULT,
    );
  }
  if (url.username || url.password) {
    // Never echo the URL itself here: its userinfo may be a secret.
    return problem(
      'credentials_in_url',
      text`\`base-url\` contains a user name or password before the host; the key is sent in a header, and credentials in a URL end up in logs.`,
      text`Remove the \`user:password@\` part from \`base-url\`.`,
    );
  }
  const loopback = isLoopbackHost(url.hostname);
  const shown = withoutTrailingSlashes(`${url.protocol}//${url.host}${url.pathname}`);
  if (url.protocol === 'http:' && !loopback) {
    return problem(
      'plain_http',
      text`\`base-url\` is plain ${code(shown)}: the key would cross the network unencrypted, so it was not sent.`,
      text`Use ${code(shown.replace(/^http:/, 'https:'))} (plain http is accepted only for localhost).`,
    );
  }
  if (url.search || url.hash) {
    return problem(
      'query_or_fragment',
      text`\`base-url\` has a query or fragment (${code((url.search + url.hash).slice(0, 60))}); request paths are appended to the base, so it would be lost or misplaced.`,
      text`Write the base without \`?…\` or \`#…\`: ${code(shown)}.`,
    );
  }
  const path = withoutTrailingSlashes(url.pathname);
  const endpointPath = ENDPOINT_PATHS.find((p) => path.toLowerCase().endsWith(p));
  if (endpointPath) {
    const base = shown.slice(0, shown.length - endpointPath.length);
    return problem(
      'endpoint_path',
      text`\`base-url\` ends in the endpoint path ${code(endpointPath)}; the action appends paths itself, so it would call ${code(`${shown}/models`)}.`,
      text`Write ${code(`base-url: ${base || DEFAULT_BASE_URL}`)}.`,
    );
  }
  const host = url.hostname.toLowerCase();
  if (host === OFFICIAL_HOST && /^\/anthropic(\/|$)/i.test(path)) {
    return problem(
      'anthropic_surface',
      text`\`base-url\` is DeepSeek's Anthropic-compatible surface (${code(shown)}), which uses other paths and headers.`,
      WRITE_DEFAULT,
    );
  }
  const provider = OTHER_PROVIDERS.get(host);
  if (provider) {
    return problem(
      'other_provider',
      text`\`base-url\` points at ${provider} (${code(host)}), not DeepSeek: a DeepSeek key is not sent there (${provider} would answer "Incorrect API key provided" and log it).`,
      WRITE_DEFAULT,
      text`If the job really calls ${provider}, check that provider's key with a tool for it instead.`,
    );
  }
  return {
    ok: true,
    endpoint: { base: `${url.protocol}//${url.host}${path}`, host, official: host === OFFICIAL_HOST, loopback },
  };
}
