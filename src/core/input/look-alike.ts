// Look-alike hosts of DeepSeek's API, and hosts imitating another provider's: the rules behind
// base-url.ts's refusal of a host that only looks like DeepSeek's (docs/endpoint-rules.md).
import { domainToUnicode } from 'node:url';
import { editDistance } from '../text/edit-distance.js';
import { code, text, type Text } from '../text/text.js';
import { input } from '../text/words.js';

export const OFFICIAL_HOST = 'api.deepseek.com';

/** DeepSeek's own domain: the key may go to any host under it, but the API is only at OFFICIAL_HOST. */
export const DEEPSEEK_DOMAIN = 'deepseek.com';

/** Providers whose domains (and every host under them) never get a DeepSeek key. */
export const OTHER_PROVIDERS: Record<string, string> = {
  'openai.com': 'OpenAI',
  'anthropic.com': 'Anthropic',
};

export function isIpLiteral(host: string): boolean {
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
  const same = (x: string, y: string): boolean => x === y || (isWildcard(x) && y !== '.');
  // A greedy common prefix is not enough once a wildcard can match more than one letter. Both
  // strings are short (lengths within one of the target's).
  return Math.min(editDistance(a, b, same), 2);
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
export function imitatedProvider(host: string): string | undefined {
  if (!host.split('.').some((label) => label.startsWith('xn--'))) return undefined;
  const skel = skeleton(host);
  // Compared like DeepSeek's name: a non-ASCII character the table does not map may stand for any letter.
  const domain = Object.keys(OTHER_PROVIDERS).find((d) => editsFrom(skel.split('.').slice(-d.split('.').length).join('.'), d) === 0);
  return domain ? OTHER_PROVIDERS[domain] : undefined;
}

export function lookalikeCause(host: string, reason: LookalikeReason): Text {
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
