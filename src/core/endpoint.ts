// Static checks of `base-url`, before any request: the key is only ever sent to a URL that passes.
// Every rule compares the host in one normalised form (normaliseHost) and the path in one
// (rulePath), so that case, a trailing dot, percent-escapes or IDN spellings cannot slip past a
// rule. docs/endpoint-rules.md explains the rules, the look-alike rule in particular.
import { defaultOf } from './input-table.js';
import { domainToUnicode } from 'node:url';
import { code, text, type Text } from './text.js';
import { input, setting, writeSetting } from './words.js';

/** The default of `base-url`, from the inputs table: DeepSeek's own API. */
export const DEFAULT_BASE_URL = defaultOf('base-url');
const OFFICIAL_HOST = 'api.deepseek.com';

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

/** Providers whose domains (and every host under them) never get a DeepSeek key. */
const OTHER_PROVIDERS: Record<string, string> = {
  'openai.com': 'OpenAI',
  'anthropic.com': 'Anthropic',
};

/** DeepSeek's own domain: the key may go to any host under it, but the API is only at OFFICIAL_HOST. */
const DEEPSEEK_DOMAIN = 'deepseek.com';

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

function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

// Look-alikes of api.deepseek.com. A host imitates it when, compared as a skeleton (Unicode TR39's
// idea: each character replaced by the one it is mistaken for), it is one edit from
// `api.deepseek.com` or `deepseek.com`, carries `deepseek.com` followed by another domain, or
// registers DeepSeek's name under another ending. Names that merely contain "deepseek"
// (`deepseek-proxy.internal.corp`, `deepseek.corp.example`) are not look-alikes.

/** TR39 confusables for the letters of `api.deepseek.com` (and a few digit-for-letter swaps). */
const CONFUSABLES: Record<string, string> = {
  '\u0430': 'a',
  '\u0251': 'a',
  '\u03b1': 'a',
  '\u0441': 'c',
  '\u03f2': 'c',
  '\u1d04': 'c',
  '\u0501': 'd',
  '\u0435': 'e',
  '\u04bd': 'e',
  '\u212e': 'e',
  '\u0456': 'i',
  '\u03b9': 'i',
  '\u0131': 'i',
  '\u0269': 'i',
  '\u04cf': 'l',
  '\u043a': 'k',
  '\u03ba': 'k',
  '\u043c': 'm',
  '\u03bf': 'o',
  '\u043e': 'o',
  '\u0585': 'o',
  '\u0440': 'p',
  '\u03c1': 'p',
  '\u0455': 's',
  '\ua731': 's',
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '5': 's',
};

/** How a host reads: Unicode labels, accents dropped, confusable characters and pairs replaced. */
function skeleton(host: string): string {
  const unicode = domainToUnicode(host) || host;
  return unicode
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/./gu, (c) => CONFUSABLES[c] ?? c)
    .replace(/rn/g, 'm')
    .replace(/cl/g, 'd')
    .replace(/vv/g, 'w');
}

/**
 * At most this many characters of a compared name may be wildcards (see withinOneEdit): half of
 * `deepseek`, so that the ASCII letters that do line up still spell most of DeepSeek's name, and a
 * host written wholly in another script (`api.中文中文中文中文.com`) is not caught by its length alone.
 */
const MAX_WILDCARDS = 4;

/** A character left outside ASCII by the skeleton: one TR39 may map that the table above lacks. */
const isWildcard = (c: string | undefined): boolean => c !== undefined && c > '\u007f';

/**
 * Within one edit (insertion, deletion, substitution, swap of neighbours) of `target`, where each
 * non-ASCII character of `candidate` may stand for any letter. Unicode has hundreds of characters
 * that look like the letters of `deepseek` (TR39 lists them by the dozen per letter); no table
 * keeps up, so a non-ASCII character is compared as "could be read as this letter", never as a dot.
 */
function withinOneEdit(candidate: string, target: string): boolean {
  return editsFrom(candidate, target) <= 1;
}

/** The distance withinOneEdit compares, or 2 when it is more than 1 or too many characters are wildcards. */
function editsFrom(candidate: string, target: string): number {
  const a = Array.from(candidate);
  const b = Array.from(target);
  if (Math.abs(a.length - b.length) > 1 || a.filter(isWildcard).length > MAX_WILDCARDS) return 2;
  const same = (x: string | undefined, y: string | undefined): boolean => x !== undefined && y !== undefined && (x === y || (isWildcard(x) && y !== '.'));
  // Optimal string alignment distance; a greedy common prefix is not enough once a wildcard can
  // match more than one letter. Both strings are short (lengths within one of the target's).
  let before: number[] = [];
  let previous = b.map((_, j) => j + 1);
  previous.unshift(0);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (same(a[i - 1], b[j - 1]) ? 0 : 1));
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1])) cost = Math.min(cost, before[j - 2]! + 1);
      current.push(cost);
    }
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, 2);
}

/** Endings that cannot be registered on the public internet, so no one else can hold a look-alike there. */
const PRIVATE_ENDINGS = new Set(['localhost', 'local', 'localdomain', 'internal', 'intranet', 'lan', 'home', 'corp', 'private', 'test', 'example', 'invalid', 'arpa']);

/** Second-level endings under which a name is registered (`deepseek.co.uk`). */
const SECOND_LEVEL = new Set(['com', 'co', 'net', 'org', 'ac', 'edu', 'gov']);

export type LookalikeReason = 'confusable' | 'one_edit' | 'deepseek_prefix' | 'other_ending';

export function lookalikeOf(host: string): LookalikeReason | undefined {
  if (host === DEEPSEEK_DOMAIN || host.endsWith(`.${DEEPSEEK_DOMAIN}`) || isIpLiteral(host)) return undefined;
  const skel = skeleton(host);
  const edits = Math.min(editsFrom(skel, OFFICIAL_HOST), editsFrom(skel, DEEPSEEK_DOMAIN));
  // 0 also when every difference is a character outside ASCII: each reads as the letter it replaces.
  if (edits === 0) return 'confusable';
  if (edits === 1) return 'one_edit';
  const deepseekish = (word: string | undefined): boolean => word !== undefined && withinOneEdit(word, 'deepseek');
  const tokens = skel.split(/[.\-_]/);
  if (tokens.some((t, i) => deepseekish(t) && tokens[i + 1] === 'com' && i + 2 < tokens.length)) return 'deepseek_prefix';
  // The ending as written (a skeleton of `internal` would read `intemal`).
  const labels = skel.split('.');
  const [second, third] = [labels[labels.length - 2], labels[labels.length - 3]];
  const ending = host.split('.').pop() ?? '';
  if (!PRIVATE_ENDINGS.has(ending) && (deepseekish(second) || (SECOND_LEVEL.has(second ?? '') && deepseekish(third)))) return 'other_ending';
  return undefined;
}

/** `.ai`, or `.co.uk` for a name registered under a second-level ending. */
function endingOf(host: string): string {
  const labels = host.split('.');
  return `.${labels.slice(SECOND_LEVEL.has(labels[labels.length - 2] ?? '') ? -2 : -1).join('.')}`;
}

/** A host that spells another provider's domain with look-alike characters (`api.openаi.com`, Cyrillic `а`). */
function imitatedProvider(host: string): string | undefined {
  if (!host.split('.').some((label) => label.startsWith('xn--'))) return undefined;
  const skel = skeleton(host);
  // Compared like DeepSeek's name: a non-ASCII character the table does not map may stand for any letter.
  const domain = Object.keys(OTHER_PROVIDERS).find((d) => editsFrom(skel.split('.').slice(-d.split('.').length).join('.'), d) === 0);
  return domain ? OTHER_PROVIDERS[domain] : undefined;
}

function lookalikeCause(host: string, reason: LookalikeReason): Text {
  const unicode = domainToUnicode(host) || host;
  const written = unicode !== host ? text`${code(host)} (displayed as ${code(unicode)})` : code(host);
  const official = code(OFFICIAL_HOST);
  switch (reason) {
    case 'confusable':
      return text`${input('base-url')} points at ${written}, which imitates DeepSeek's API host ${official} with characters that look alike (a letter from another alphabet, or a digit for a letter). It is not DeepSeek's host.`;
    case 'one_edit':
      return text`${input('base-url')} points at ${written}, one character away from DeepSeek's API host ${official}: a typo, or a host that imitates it. It is not DeepSeek's host.`;
    case 'deepseek_prefix':
      return text`${input('base-url')} points at ${written}, which only starts like DeepSeek's API host ${official}: the name ends in ${code(host.split('.').slice(-2).join('.'))}, someone else's domain.`;
    case 'other_ending':
      return text`${input('base-url')} points at ${written}, DeepSeek's name under another ending (${code(endingOf(host))}); DeepSeek's API is only at ${official}.`;
  }
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
