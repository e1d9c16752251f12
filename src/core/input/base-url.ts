// Static checks of `base-url`, before any request: the key is only ever sent to a URL that passes.
// Every rule compares the host in one normalised form (normaliseHost) and the path in one
// (rulePath), so that case, a trailing dot, percent-escapes or IDN spellings cannot slip past a
// rule. docs/endpoint-rules.md explains the rules; the look-alike rule is in look-alike.ts.
import { defaultOf } from './input-table.js';
import { domainToUnicode } from 'node:url';
import { OFFICIAL_HOST, OTHER_PROVIDERS, imitatedProvider, lookalikeCause, lookalikeOf } from './look-alike.js';
import { code, text, type Text } from '../text/text.js';
import { input, setting, writeSetting } from '../text/words.js';

/** The default of `base-url`, from the inputs table: DeepSeek's own API. */
export const DEFAULT_BASE_URL = defaultOf('base-url');

export interface Endpoint {
  /** Normalised base, no trailing slash: probe paths are appended to it. */
  readonly base: string;
  readonly host: string;
  /** DeepSeek's own API host, where key-shape rules are known. */
  readonly official: boolean;
  readonly loopback: boolean;
}

export type EndpointProblemKind =
  'not_a_url' | 'unsupported_scheme' | 'plain_http' | 'credentials_in_url' | 'query_or_fragment' | 'endpoint_path' | 'anthropic_surface' | 'deepseek_website' | 'lookalike_host' | 'other_provider';

export interface EndpointProblem {
  readonly kind: EndpointProblemKind;
  readonly cause: Text;
  readonly fix: Text[];
}

export type EndpointCheck = { ok: true; endpoint: Endpoint } | { ok: false; problem: EndpointProblem };

/** Paths that belong after the base URL, not in it. */
const ENDPOINT_PATHS = ['/chat/completions', '/completions', '/models', '/user/balance', '/embeddings'];

/** DeepSeek's web site, chat and console: pasted as `base-url` by mistake, and not the API. */
const DEEPSEEK_WEBSITES = new Set(['deepseek.com', 'www.deepseek.com', 'chat.deepseek.com', 'platform.deepseek.com', 'api-docs.deepseek.com']);

/**
 * A host as every rule compares it. WHATWG URL has already lower-cased it, decoded its
 * percent-escapes and turned Unicode labels into punycode (`xn--…`); what is left is the trailing
 * dot of a fully qualified name, which names the same host (`api.openai.com.`).
 */
export function normaliseHost(hostname: string): string {
  return withoutTrailing(hostname.toLowerCase(), '.');
}

/** A path as the rules compare it: percent-escapes decoded, lower case, no doubled or trailing slash. */
function rulePath(pathname: string): string {
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // A malformed escape stays as written.
  }
  return withoutTrailingSlashes(decoded.toLowerCase().replace(/\/{2,}/g, '/'));
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A loop, not `/\/+$/`: that regex restarts at every slash of a long run and takes quadratic time. */
function withoutTrailing(value: string, char: string): string {
  let end = value.length;
  while (end > 0 && value[end - 1] === char) end--;
  return value.slice(0, end);
}

const withoutTrailingSlashes = (value: string): string => withoutTrailing(value, '/');

function problem(kind: EndpointProblemKind, cause: Text, ...fix: Text[]): EndpointCheck {
  return { ok: false, problem: { kind, cause, fix } };
}

const WRITE_DEFAULT = text`${writeSetting('base-url', DEFAULT_BASE_URL)} (or leave it out: that is the default).`;

/**
 * `echo` is how a value from the input may be shown back (inputs.ts cuts any 8-character run of
 * the key from it); every part of the URL shown in a message goes through it.
 */
export function checkBaseUrl(raw: string, echo: (value: string) => string = (value) => value): EndpointCheck {
  const value = raw.trim() === '' ? DEFAULT_BASE_URL : raw.trim();
  const shownCode = (s: string): Text => code(echo(s));
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem('not_a_url', text`${input('base-url')} is ${shownCode(value)}, which is not a URL.`, text`Write a full URL with its scheme, such as ${setting('base-url', DEFAULT_BASE_URL)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return problem('unsupported_scheme', text`${input('base-url')} uses the scheme ${shownCode(url.protocol)}; the API is only served over HTTPS.`, WRITE_DEFAULT);
  }
  if (url.username || url.password) {
    // Never echo the URL itself here: its userinfo may be a secret.
    return problem(
      'credentials_in_url',
      text`${input('base-url')} contains a user name or password before the host; the key is sent in a header, and credentials in a URL end up in logs.`,
      text`Remove the \`user:password@\` part from ${input('base-url')}.`,
    );
  }
  const host = normaliseHost(url.hostname);
  if (host === '') return problem('not_a_url', text`${input('base-url')} has no host name.`, WRITE_DEFAULT);
  const loopback = isLoopbackHost(host);
  const hostPort = url.port ? `${host}:${url.port}` : host;
  const shown = withoutTrailingSlashes(`${url.protocol}//${hostPort}${url.pathname}`);
  if (url.protocol === 'http:' && !loopback) {
    return problem(
      'plain_http',
      text`${input('base-url')} is plain ${shownCode(shown)}: the key would cross the network unencrypted.`,
      text`Use ${shownCode(shown.replace(/^http:/, 'https:'))} (plain http is accepted only for localhost).`,
    );
  }
  if (url.search || url.hash) {
    return problem(
      'query_or_fragment',
      text`${input('base-url')} has a query or fragment (${shownCode((url.search + url.hash).slice(0, 60))}); request paths are appended to the base, so it would be lost or misplaced.`,
      text`Write the base without \`?…\` or \`#…\`: ${shownCode(shown)}.`,
    );
  }
  const path = withoutTrailingSlashes(url.pathname);
  const comparedPath = rulePath(url.pathname);
  const endpointPath = ENDPOINT_PATHS.find((p) => comparedPath.endsWith(p));
  if (endpointPath) {
    const base = comparedPath === path.toLowerCase() ? shown.slice(0, shown.length - endpointPath.length) : '';
    return problem(
      'endpoint_path',
      text`${input('base-url')} ends in the endpoint path ${code(endpointPath)}; the action appends paths itself, so it would call ${shownCode(`${shown}/models`)}.`,
      text`${writeSetting('base-url', echo(base || DEFAULT_BASE_URL))}.`,
    );
  }
  if (host === OFFICIAL_HOST && /^\/anthropic(\/|$)/.test(comparedPath)) {
    return problem('anthropic_surface', text`${input('base-url')} is DeepSeek's Anthropic-compatible surface (${shownCode(shown)}), which uses other paths and headers.`, WRITE_DEFAULT);
  }
  if (DEEPSEEK_WEBSITES.has(host)) {
    return problem('deepseek_website', text`${input('base-url')} is ${shownCode(shown)}, DeepSeek's web site or console, not its API (the API is at ${code(OFFICIAL_HOST)}).`, WRITE_DEFAULT);
  }
  const providerDomain = Object.keys(OTHER_PROVIDERS).find((domain) => host === domain || host.endsWith(`.${domain}`));
  const provider = providerDomain ? OTHER_PROVIDERS[providerDomain] : undefined;
  if (provider) {
    return problem(
      'other_provider',
      text`${input('base-url')} points at ${provider} (${shownCode(host)}), not DeepSeek: a DeepSeek key is not sent there (${provider} would answer "Incorrect API key provided" and log it).`,
      WRITE_DEFAULT,
      text`If the job really calls ${provider}, check that provider's key with a tool for it instead.`,
    );
  }
  const imitated = imitatedProvider(host);
  if (imitated) {
    return problem(
      'lookalike_host',
      text`${input('base-url')} points at ${shownCode(host)} (displayed as ${shownCode(domainToUnicode(host) || host)}), which imitates ${imitated}'s domain with characters that look alike. It is neither ${imitated}'s nor DeepSeek's.`,
      WRITE_DEFAULT,
    );
  }
  const lookalike = lookalikeOf(host);
  if (lookalike) {
    return problem(
      'lookalike_host',
      lookalikeCause(echo(host), lookalike),
      text`${writeSetting('base-url', DEFAULT_BASE_URL)} (or leave it out: that is the default), and check where the wrong address came from.`,
      text`A gateway of your own needs a name that does not imitate DeepSeek's (a host under your own domain, such as ${code('deepseek.gateway.example.com')}).`,
    );
  }
  return {
    ok: true,
    endpoint: { base: `${url.protocol}//${hostPort}${path}`, host, official: host === OFFICIAL_HOST, loopback },
  };
}
