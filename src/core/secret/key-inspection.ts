// Everything that can be said about the secret without sending it anywhere. Pure: a string in,
// facts out. The facts name what is wrong in words a person can act on, and whether cleaning the
// value (trimming, unquoting, dropping "Bearer ") would give a key worth probing.
import { decodeJwt, type JwtClaims } from './jwt.js';
import { code, text, trusted, type Text } from '../text/text.js';

export type KeyProblemKind =
  | 'surrounding_whitespace'
  | 'assignment'
  | 'quotes'
  | 'brackets'
  | 'bearer_prefix'
  | 'placeholder'
  | 'masked_copy'
  | 'internal_whitespace'
  | 'control_characters'
  | 'non_ascii'
  | 'too_short'
  | 'too_long'
  | 'other_provider';

export interface KeyProblem {
  readonly kind: KeyProblemKind;
  /** What is wrong, in plain words. Never contains the key. */
  readonly cause: Text;
  /** For cleanable problems: what removing it means ("the trailing newline"). */
  readonly removal?: string;
  /** Whether `removal` names more than one thing ("the surrounding quotes … are removed"). */
  readonly removalIsPlural?: boolean;
  readonly cleanable: boolean;
}

export type KeyShape = 'deepseek' | 'jwt' | 'other';

export interface KeyInspection {
  readonly present: boolean;
  readonly problems: readonly KeyProblem[];
  /** The key to probe with: as written, or cleaned; undefined when nothing usable is left. */
  readonly candidate?: string;
  readonly cleaned: boolean;
  readonly shape: KeyShape;
  readonly otherProvider?: OtherProvider;
  readonly jwt?: JwtClaims;
  /** `sk-…abcd` (`sk-or-…abcd` with a known provider prefix): at most the last four characters. */
  readonly fingerprint: string;
  /** Every form of the value that must be masked and redacted. */
  readonly secretForms: readonly string[];
}

const DEEPSEEK_KEY = /^sk-[a-f0-9]{32}$/;
const MIN_KEY_LENGTH = 8;
const MAX_KEY_LENGTH = 4096;

const BRACKET_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['<', '>'],
  ['[', ']'],
];

const QUOTE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['\u201c', '\u201d'],
  ['\u2018', '\u2019'],
];

/**
 * Keys of other providers. Most can never be a DeepSeek credential and are not sent anywhere; an
 * aggregator's key (OpenRouter, Groq) can be right for a gateway that serves DeepSeek models, so
 * it is only refused when `base-url` is DeepSeek's own host.
 */
export interface OtherProvider {
  readonly description: string;
  readonly gatewayMayAccept: boolean;
}

const OTHER_PROVIDER_PREFIXES: Array<[RegExp, OtherProvider]> = [
  [/^sk-proj-/, { description: 'an OpenAI project key (`sk-proj-…`)', gatewayMayAccept: false }],
  [/^sk-svcacct-/, { description: 'an OpenAI service-account key (`sk-svcacct-…`)', gatewayMayAccept: false }],
  [/^sk-admin-/, { description: 'an OpenAI admin key (`sk-admin-…`)', gatewayMayAccept: false }],
  [/^sk-ant-/, { description: 'an Anthropic key (`sk-ant-…`)', gatewayMayAccept: false }],
  [/^AIza[0-9A-Za-z_-]{30,}$/, { description: 'a Google API key (`AIza…`)', gatewayMayAccept: false }],
  [/^(gh[pousr]_|github_pat_)/, { description: 'a GitHub token', gatewayMayAccept: false }],
  [/^xai-/, { description: 'an xAI key (`xai-…`)', gatewayMayAccept: false }],
  [/^sk-or-/, { description: 'an OpenRouter key (`sk-or-…`)', gatewayMayAccept: true }],
  [/^gsk_/, { description: 'a Groq key (`gsk_…`)', gatewayMayAccept: true }],
];

const PLACEHOLDER_WORDS = new Set([
  'null',
  'undefined',
  'none',
  'nil',
  'true',
  'false',
  'empty',
  'secret',
  'key',
  'apikey',
  'api-key',
  'api_key',
  'token',
  'changeme',
  'change-me',
  'placeholder',
  'replace-me',
  'replaceme',
  'todo',
  'test',
  'example',
  'dummy',
  'xxx',
  'sk-xxx',
  'sk-...',
  'sk-',
]);

export function isPlaceholderWord(value: string): boolean {
  return PLACEHOLDER_WORDS.has(value.trim().toLowerCase());
}

/** A value that is not a key but something standing in for one. Returns how to describe it. */
export function describePlaceholder(value: string): string | undefined {
  const v = value.trim();
  const lower = v.toLowerCase();
  if (/^\$\{\{.*\}\}$/s.test(v)) return 'the literal text `${{ … }}`: the expression was pasted into the secret (or into a file or variable GitHub does not expand) instead of the key';
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v) || /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v) || /^\$\(.*\)$/s.test(v)) {
    return 'a shell variable reference, not its value: the variable was never expanded';
  }
  if (PLACEHOLDER_WORDS.has(lower)) return `the word \`${lower}\`: a variable that was empty or unset got turned into text`;
  if (/^<.*>$/s.test(v) || /^\[.*\]$/s.test(v)) return 'a placeholder in brackets from an example';
  if (/(^|[-_ ])(your|my)[-_ ]?(deepseek[-_ ]?)?(api[-_ ]?)?(key|token|secret)/i.test(v)) return 'a placeholder from an example (`your-api-key…`)';
  if (/^sk-[x.*]{3,}$/i.test(v) || /^x{4,}$/i.test(v) || /^\.{3,}$/.test(v)) return 'a placeholder from an example (`sk-xxxx…`)';
  if (/^[A-Z][A-Z0-9_]*(KEY|TOKEN|SECRET)$/.test(v)) return 'the name of a variable or secret, not its value';
  return undefined;
}

/**
 * Public prefixes that say whose key it is (`sk-or-` OpenRouter, `sk-proj-` OpenAI…), longest
 * first: a fingerprint keeps them, so that "looks like an OpenRouter key" and `sk-or-…757f` agree.
 */
const FINGERPRINT_PREFIXES = ['sk-svcacct-', 'sk-admin-', 'sk-proj-', 'sk-ant-', 'sk-or-', 'gsk_', 'xai-', 'sk-'];

function fingerprintOf(value: string): string {
  const known = FINGERPRINT_PREFIXES.find((p) => value.startsWith(p)) ?? '';
  // A prefix is kept only when a long secret part follows it; `sk-` alone is always kept.
  const prefix = known.length > 3 && value.length < known.length + 16 ? (value.startsWith('sk-') ? 'sk-' : '') : known;
  // Short values would be mostly shown by their last four characters: show only the length.
  if (value.length < 12) return `${prefix}…(${value.length} characters)`;
  return `${prefix}…${value.slice(-4)}`;
}

// Edges are found by walking in from each end, not by a `[…]+$` regex: that one restarts at every
// character of a long inner run of spaces and takes quadratic time on a pasted file.
const EDGE_INVISIBLE_CHAR = /^[\s\u200b\u200c\u200d\u2060\ufeff]$/;

function leadingInvisible(value: string): string {
  let end = 0;
  while (end < value.length && EDGE_INVISIBLE_CHAR.test(value.charAt(end))) end++;
  return value.slice(0, end);
}

function trailingInvisible(value: string): string {
  let start = value.length;
  while (start > 0 && EDGE_INVISIBLE_CHAR.test(value.charAt(start - 1))) start--;
  return value.slice(start);
}

function trimInvisible(value: string): string {
  const leading = leadingInvisible(value).length;
  if (leading === value.length) return '';
  return value.slice(leading, value.length - trailingInvisible(value).length);
}

function codePoints(s: string): string {
  return [...s].map((c) => `U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

/** How a removal reads: "the surrounding quotes", plural. */
interface Removal {
  readonly text: string;
  readonly plural: boolean;
}

/** What surrounds the key: ["a trailing newline"] or ["2 leading spaces", "a trailing newline"]. */
function surroundingWhitespace(value: string): Removal[] {
  const describe = (s: string, where: string): Removal | undefined => {
    if (s === '') return undefined;
    if (/^\r?\n$/.test(s)) return { text: `a ${where} newline`, plural: false };
    if (/[\r\n]/.test(s)) return { text: `${where} line breaks`, plural: true };
    if (/[\u200b\u200c\u200d\u2060\ufeff]/.test(s)) return { text: `a ${where} invisible character (${codePoints(s)})`, plural: false };
    if (/^ +$/.test(s)) return s.length === 1 ? { text: `a ${where} space`, plural: false } : { text: `${s.length} ${where} spaces`, plural: true };
    return { text: `${where} whitespace`, plural: false };
  };
  const leading = leadingInvisible(value);
  const trailing = value.length > leading.length ? trailingInvisible(value) : '';
  return [describe(leading, 'leading'), describe(trailing, 'trailing')].filter((d): d is Removal => d !== undefined);
}

/** "a trailing newline" → "the trailing newline", for "works once … is removed". */
function definite(phrase: string): string {
  return phrase
    .replace(/^a /, 'the ')
    .replace(/^(\d)/, 'the $1')
    .replace(/^(leading|trailing)/, 'the $1');
}

/** What one cleaning step found: the value without it, why, and what was removed. */
interface Cleaning {
  readonly value: string;
  readonly cause: Text;
  readonly removal: Removal;
}

interface CleaningStep {
  readonly kind: KeyProblemKind;
  /** Detects the problem and returns the value without it; undefined when the value does not have it. */
  readonly clean: (value: string) => Cleaning | undefined;
}

const SURROUNDING_WHITESPACE: CleaningStep = {
  kind: 'surrounding_whitespace',
  clean: (value) => {
    const trimmed = trimInvisible(value);
    if (trimmed === value) return undefined;
    const parts = surroundingWhitespace(value);
    return {
      value: trimmed,
      cause: text`The secret holds the key plus ${trusted(parts.map((p) => p.text).join(' and '))}, copied along from a terminal or an editor.`,
      removal: { text: parts.map((p) => definite(p.text)).join(' and '), plural: parts.length > 1 || parts.some((p) => p.plural) },
    };
  },
};

/**
 * The wrappings a pasted key is found in, outside first: an .env assignment, quotes, the brackets
 * of an example, the `Bearer ` of a header. Each is removed at most once.
 */
const CLEANING_STEPS: readonly CleaningStep[] = [
  {
    // `DEEPSEEK_API_KEY=sk-…` or `api_key: "sk-…"` from an .env or YAML file. It is an assignment only
    // when the name is an environment variable's (upper case) or the value is a DeepSeek key, so
    // `id=secret` and `id:secret` gateway tokens are sent whole; a name that could be part of the
    // secret is never shown.
    kind: 'assignment',
    clean: (value) => {
      const assignment = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]{0,63})(?:\s*=\s*|\s*:\s+)(\S.*)$/s.exec(value);
      const name = assignment?.[1] ?? '';
      const assigned = (assignment?.[2] ?? '').trim();
      if (!assigned || /^bearer$/i.test(name) || !(/^[A-Z][A-Z0-9_]*$/.test(name) || DEEPSEEK_KEY.test(assigned.replace(/^["']|["']$/g, '')))) return undefined;
      const shownName = /^[A-Z][A-Z0-9_]*$/.test(name) && /KEY|TOKEN|SECRET|API/.test(name) ? name : 'NAME';
      return {
        value: assigned,
        cause: text`The secret holds a whole assignment, ${code(`${shownName}=…`)}, copied from an .env file or a shell script.`,
        removal: { text: `the \`${shownName}=\` before the key`, plural: false },
      };
    },
  },
  {
    kind: 'quotes',
    clean: (value) => {
      const pair = QUOTE_PAIRS.find(([open, close]) => value.length >= 2 && value.startsWith(open) && value.endsWith(close));
      if (!pair) return undefined;
      const [open, close] = pair;
      return {
        value: value.slice(open.length, value.length - close.length),
        cause: text`The key is wrapped in quotes (${code(`${open}…${close}`)}); the quotes became part of the secret.`,
        removal: { text: 'the surrounding quotes', plural: true },
      };
    },
  },
  {
    // `<sk-…>` or `[sk-…]`: the brackets of an example kept around a real key (a bracketed
    // placeholder such as `<your key>` is not a key, and is reported as a placeholder below).
    kind: 'brackets',
    clean: (value) => {
      const pair = BRACKET_PAIRS.find(([open, close]) => {
        const inside = value.slice(1, -1).trim();
        return value.startsWith(open) && value.endsWith(close) && inside.length >= MIN_KEY_LENGTH && !/\s/.test(inside) && !describePlaceholder(inside);
      });
      if (!pair) return undefined;
      const [open, close] = pair;
      return {
        value: value.slice(1, -1),
        cause: text`The key is wrapped in ${code(`${open}…${close}`)}, kept from an example; the brackets became part of the secret.`,
        removal: { text: 'the surrounding brackets', plural: true },
      };
    },
  },
  {
    kind: 'bearer_prefix',
    clean: (value) => {
      const bearer = /^bearer\s+/i.exec(value);
      if (!bearer) return undefined;
      return {
        value: value.slice(bearer[0].length),
        cause: text`The secret starts with ${code(bearer[0].trimEnd() + ' ')}; the header would become \`Bearer Bearer sk-…\`.`,
        removal: { text: `the \`${bearer[0].trimEnd()}\` prefix`, plural: false },
      };
    },
  },
];

/** The pieces of a value with whitespace inside, any of which may be the key. */
function keyPieces(value: string): string[] {
  return /\s/.test(value) ? value.split(/\s+/).filter((piece) => piece.length >= MIN_KEY_LENGTH) : [];
}

export function inspectKey(raw: string): KeyInspection {
  if (raw.trim() === '' && trimInvisible(raw) === '') {
    return { present: false, problems: [], cleaned: false, shape: 'other', fingerprint: '', secretForms: [] };
  }
  const problems: KeyProblem[] = [];
  const unusable = (kind: KeyProblemKind, cause: Text): void => {
    problems.push({ kind, cause, cleanable: false });
  };

  // Detect → clean → record, one step at a time in the order of CLEANING_STEPS; every value the
  // key passes through is kept, for masking and redaction.
  let value = raw;
  const passedThrough: string[] = [];
  const apply = (step: CleaningStep): boolean => {
    const found = step.clean(value);
    if (!found) return false;
    problems.push({ kind: step.kind, cause: found.cause, removal: found.removal.text, removalIsPlural: found.removal.plural, cleanable: true });
    value = found.value;
    passedThrough.push(value);
    return true;
  };
  apply(SURROUNDING_WHITESPACE);
  // What a step unwrapped may have had spaces inside: the edges are trimmed again after each one.
  for (const step of CLEANING_STEPS) if (apply(step)) apply(SURROUNDING_WHITESPACE);

  const placeholder = describePlaceholder(value);
  if (value === '***' || /^\*{3,}$/.test(value)) {
    unusable('masked_copy', text`The secret is ${code(value)}: a masked value copied from a workflow log, not the key itself.`);
  } else if (placeholder) {
    unusable('placeholder', text`The secret is ${trusted(placeholder)}.`);
  } else {
    if (/\s/.test(value)) {
      const lines = value.split(/\r?\n/).filter((l) => l.trim() !== '').length;
      unusable(
        'internal_whitespace',
        lines > 1
          ? text`The secret has ${lines} lines: more than one value (or a key broken across lines) was pasted.`
          : text`The secret has whitespace inside the key: it was pasted in pieces or with a word next to it.`,
      );
    }
    if (/[\u0000-\u001f\u007f-\u009f]/.test(value.replace(/\s/g, ''))) {
      unusable('control_characters', text`The secret contains control characters, which cannot be sent in an HTTP header.`);
    }
    const nonAscii = [...value].filter((c) => c.charCodeAt(0) > 0x7e && !/\s/.test(c));
    if (nonAscii.length > 0) {
      const shownChars = [...new Set(nonAscii)].slice(0, 3).map(codePoints);
      unusable(
        'non_ascii',
        text`The secret contains characters outside ASCII (${trusted(shownChars.join(', '))}); a look-alike letter or a typographic character was pasted in. Keys are plain ASCII.`,
      );
    }
    if (value.length < MIN_KEY_LENGTH) {
      // Only the start of a key reads as a key cut short; anything else is simply not a key.
      const cutShort = /^sk-[0-9a-f]*$/i.test(value);
      unusable(
        'too_short',
        text`The secret is only ${value.length} characters long; a DeepSeek key is 35 (\`sk-\` and 32 hex characters). ${trusted(cutShort ? 'It starts like one: it was cut off when copied.' : 'It is not a key: something else was pasted into the secret.')}`,
      );
    } else if (value.length > MAX_KEY_LENGTH) {
      unusable(
        'too_long',
        // A GitHub secret holds at most 48 KB: a longer value was not a secret's value as stored.
        value.length > 48 * 1024
          ? text`The value is ${value.length} characters long; no API key is that long, and a GitHub secret cannot exceed 48 KB, so this did not come from a secret as is: a step output, a file or several values joined were passed as \`api-key\`.`
          : text`The secret is ${value.length} characters long; no API key is that long. A file or several values were pasted.`,
      );
    }
  }

  const otherProvider = OTHER_PROVIDER_PREFIXES.find(([pattern]) => pattern.test(value))?.[1];
  const hasUnusable = problems.some((p) => !p.cleanable);
  const jwt = hasUnusable ? undefined : decodeJwt(value);
  const shape: KeyShape = DEEPSEEK_KEY.test(value) ? 'deepseek' : jwt ? 'jwt' : 'other';
  const candidate = hasUnusable ? undefined : value;
  return {
    present: true,
    problems,
    ...(candidate !== undefined ? { candidate } : {}),
    cleaned: candidate !== undefined && candidate !== raw,
    shape,
    ...(otherProvider ? { otherProvider } : {}),
    ...(jwt ? { jwt } : {}),
    fingerprint: fingerprintOf(value),
    secretForms: [...new Set([raw, ...passedThrough, ...keyPieces(value)])].filter((s) => s.length > 0),
  };
}

/** Whether describeRemovals names more than one thing: "… are removed" rather than "… is removed". */
export function removalsArePlural(inspection: KeyInspection): boolean {
  const removals = inspection.problems.filter((p) => p.cleanable && p.removal !== undefined);
  return removals.length > 1 || removals.some((p) => p.removalIsPlural === true);
}

/** "the trailing newline and the surrounding quotes" */
export function describeRemovals(inspection: KeyInspection): string {
  const removals = inspection.problems.flatMap((p) => (p.cleanable && p.removal ? [p.removal] : []));
  if (removals.length <= 1) return removals[0] ?? '';
  return `${removals.slice(0, -1).join(', ')} and ${removals[removals.length - 1]}`;
}
