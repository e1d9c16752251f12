// A hostile or buggy server can echo the key back in an error message or a header, and it can
// disguise it: change its case, slip invisible characters between its letters, escape it (JSON
// `\u0073`, `%73`, `&#115;`, Markdown `\-`), hex-encode it or base64 it inside a longer string
// (`user:key`). Everything the server says, and every input value shown back, passes through this
// redactor before it can reach a summary, an annotation or a log line.
//
// One mechanism covers all of it: the text is read as a reader would (escapes decoded, invisible
// characters and whitespace skipped, case ignored), and the key is searched for in that reading in
// each of its printable forms. What matched is cut from the original text, escapes and all.
//
// The reading skips every character of text.ts's INVISIBLE_CLASS (a superset of what any later step
// turns into a space or drops) and folds each character with NFKC (fullwidth `ｓ`, mathematical
// bold `𝐬` read as `s`), so no later transformation of the text can join pieces the redactor did
// not see as one run. Malformed escapes (`%F7%BF%BF%BF`, `&#x110000;`) are read as the characters
// they are written with: the redactor is total, whatever the text.
import { isInvisible } from '../text/text.js';

/**
 * Skipped when reading: invisible characters, and what we and a reader put between items of a
 * list (model ids joined with `, `, each in quotes or backticks: `"sk-0123", "456789a"`): pieces of
 * the key in separate fields must not pass because a comma or a quote was put between them.
 */
const LIST_PUNCTUATION = new Set([0x2c, 0x3b, 0x22, 0x27, 0x60, 0x2018, 0x2019, 0x201c, 0x201d]);
const skipped = (cp: number): boolean => LIST_PUNCTUATION.has(cp) || isInvisible(cp);

/** Slices of the secret at least this long are never shown (the last four characters may be). */
export const MIN_SECRET_SLICE = 8;

/** What replaces a run of the secret. */
const REPLACEMENT = '***';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  sol: '/',
  colon: ':',
  hyphen: '-',
  dash: '-',
  period: '.',
  lowbar: '_',
  plus: '+',
  equals: '=',
  nbsp: '\u00a0',
  shy: '\u00ad',
  zwnj: '\u200c',
  zwj: '\u200d',
  lrm: '\u200e',
  rlm: '\u200f',
  ZeroWidthSpace: '\u200b',
  NoBreak: '\u2060',
};

const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** The byte of `%XX` at `i`, or -1. */
function percentByte(s: string, i: number): number {
  if (s.charCodeAt(i) !== 0x25 || !isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) return -1;
  return parseInt(s.slice(i + 1, i + 3), 16);
}

/** One token of the text: the code point it stands for, and where it ends. */
interface Token {
  readonly codePoint: number;
  readonly end: number;
}

/** Reads one token of the text at `i`: an escape, or one character. */
function readToken(s: string, i: number): Token {
  const c = s.charCodeAt(i);
  if (c === 0x5c) {
    // \uXXXX (JSON, JavaScript), \xXX, and a backslash before punctuation (Markdown, JSON `\/`).
    const next = s.charCodeAt(i + 1);
    if (next === 0x75 && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3)) && isHex(s.charCodeAt(i + 4)) && isHex(s.charCodeAt(i + 5))) {
      return { codePoint: parseInt(s.slice(i + 2, i + 6), 16), end: i + 6 };
    }
    if (next === 0x78 && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3))) {
      return { codePoint: parseInt(s.slice(i + 2, i + 4), 16), end: i + 4 };
    }
    if ((next >= 0x21 && next <= 0x2f) || (next >= 0x3a && next <= 0x40) || (next >= 0x5b && next <= 0x60) || (next >= 0x7b && next <= 0x7e)) {
      return { codePoint: next, end: i + 2 };
    }
  } else if (c === 0x25) {
    // %XX, and the %XX%XX… of one UTF-8 encoded character: only well-formed UTF-8 (RFC 3629: no
    // overlong forms, no surrogates, nothing above U+10FFFF); anything else is read as written.
    const lead = percentByte(s, i);
    if (lead >= 0 && lead < 0x80) {
      return { codePoint: lead, end: i + 3 };
    }
    const more = lead >= 0xf0 && lead <= 0xf4 ? 3 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xc2 && lead <= 0xdf ? 1 : 0;
    let cp = lead & (0x3f >> more);
    let end = i + 3;
    for (let k = 0; k < more; k++, end += 3) {
      const b = percentByte(s, end);
      if (b < 0x80 || b > 0xbf) {
        cp = -1;
        break;
      }
      cp = (cp << 6) | (b & 0x3f);
    }
    const least = more === 3 ? 0x10000 : more === 2 ? 0x800 : 0x80;
    if (more > 0 && cp >= least && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      return { codePoint: cp, end };
    }
  } else if (c === 0x26) {
    // HTML character references: &#115; &#x73; &amp;
    const ref = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z]{2,14}));/.exec(s.slice(i, i + 17));
    if (ref) {
      const cp = ref[1] ? Number(ref[1]) : ref[2] ? parseInt(ref[2], 16) : Object.hasOwn(NAMED_ENTITIES, ref[3] ?? '') ? (NAMED_ENTITIES[ref[3] ?? '']?.codePointAt(0) ?? -2) : -2;
      if (cp >= 0 && cp <= 0x10ffff) {
        return { codePoint: cp, end: i + ref[0].length };
      }
    }
  }
  const cp = s.codePointAt(i) ?? c;
  return { codePoint: cp, end: i + (cp > 0xffff ? 2 : 1) };
}

/**
 * The text as read: lower-cased UTF-16 units, and for each the span of the original it came from
 * (absent: unit i is character i).
 */
interface Reading {
  readonly units: string;
  readonly starts?: Int32Array;
  readonly ends?: Int32Array;
}

/**
 * How code point `cp` reads: NFKC-folded, lower-cased, invisible characters dropped (so `\u00a0`
 * reads as nothing, like a space). A lone surrogate folds to itself.
 */
function folded(cp: number): string {
  if (cp < 0x80) return skipped(cp) ? '' : cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  if (cp > 0x10ffff || cp < 0) return '\ufffd';
  if (isInvisible(cp)) return '';
  const nfkc = String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
  let out = '';
  for (const ch of nfkc) if (!skipped(ch.codePointAt(0) ?? 0)) out += ch;
  return out;
}

/** Folding is the slow part of reading; most texts use few distinct characters. */
const foldCache = new Map<number, string>();

function foldedCached(cp: number): string {
  let f = foldCache.get(cp);
  if (f === undefined) {
    f = folded(cp);
    if (foldCache.size < 4096) foldCache.set(cp, f);
  }
  return f;
}

/** Printable ASCII without escapes (`\`, `%`, `&`), spaces or list punctuation (`,` `;` quotes, backtick): a key, most model ids. */
const READS_AS_WRITTEN = /^[\x21\x23\x24\x28-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x5f\x61-\x7e]*$/;

/**
 * `decode`: escapes read as the characters they stand for, invisible characters skipped. Else as
 * written: every character counts, `%2B` is three.
 */
function read(s: string, decode = true): Reading {
  if (!decode || READS_AS_WRITTEN.test(s)) {
    // Unit by unit, so that unit i is character i (a lone surrogate lower-cases to itself).
    const lower = s.toLowerCase();
    return {
      units:
        lower.length === s.length
          ? lower
          : Array.from({ length: s.length }, (_, i) => {
              const u = s.charAt(i);
              const l = u.toLowerCase();
              return l.length === 1 ? l : u;
            }).join(''),
    };
  }
  // NFKC can make one character several (U+FDFA is 18): the arrays grow as needed.
  const codes: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < s.length;) {
    const { codePoint: cp, end } = readToken(s, i);
    if (cp < 0x80) {
      if (!skipped(cp)) {
        codes.push(cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp);
        starts.push(i);
        ends.push(end);
      }
    } else {
      const f = foldedCached(cp);
      for (let k = 0; k < f.length; k++) {
        codes.push(f.charCodeAt(k));
        starts.push(i);
        ends.push(end);
      }
    }
    i = end;
  }
  let units = '';
  for (let i = 0; i < codes.length; i += 8192) units += String.fromCharCode(...codes.slice(i, i + 8192));
  return { units, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/**
 * The base64 characters that encode only bytes of `bytes`, wherever they sit in a longer string:
 * for each of the three byte offsets, the characters shared with the preceding or following bytes
 * are dropped. So base64 of `user:key`, of `Bearer key` or of a whole JSON body still contains one
 * of these, whatever comes before the key.
 */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const encoded = padded.replace(/=+$/, '');
    const head = [0, 2, 3][offset] ?? 0;
    const tail = (offset + bytes.length) % 3 === 0 ? 0 : 1;
    // Inside a longer string, and at its very end (last character and padding included).
    for (const core of [encoded.slice(head, encoded.length - tail), padded.slice(head)]) {
      cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return cores;
}

/** A lone surrogate cannot be URL-encoded (encodeURIComponent throws); such a value is its own form. */
function urlEncoded(secret: string): string {
  try {
    return encodeURIComponent(secret);
  } catch {
    return secret;
  }
}

/** A lone surrogate has no UTF-8 form; Buffer writes U+FFFD for it, which is harmless here. */
function printableForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  // `Bearer key` whole, as a client would base64 a header it echoes.
  return [secret, bytes.toString('hex'), ...base64Cores(bytes), Buffer.from(`Bearer ${secret}`).toString('base64')];
}

export type Redactor = (value: string) => string;

/** The ASCII units the windows are made of (as read: lower case), or undefined when one is not ASCII. */
function alphabetOf(windows: ReadonlySet<string>): Uint8Array | undefined {
  const alphabet = new Uint8Array(128);
  for (const window of windows) {
    for (let i = 0; i < window.length; i++) {
      const unit = window.charCodeAt(i);
      if (unit >= 128) return undefined;
      alphabet[unit] = 1;
    }
  }
  return alphabet;
}

/**
 * The fast path: whether `value` may hold a run of `minSlice` characters of the secrets' alphabet,
 * however it is read. Conservative: any escape (`\\`, `%`, `&`) or non-ASCII character (which may
 * fold to a letter) sends the text down the full reading; a character the reading skips (a space,
 * list punctuation) does not break a run. Most of what is written (prose, tables) fails it at once.
 */
function mayHoldRun(value: string, alphabet: Uint8Array, minSlice: number): boolean {
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80 || c === 0x5c || c === 0x25 || c === 0x26) return true;
    if (alphabet[c >= 0x41 && c <= 0x5a ? c + 32 : c] === 1) {
      if (++run >= minSlice) return true;
    } else if (!skipped(c)) run = 0;
  }
  return false;
}

/**
 * Returns a function that replaces every run of text that reads as `minSlice` or more consecutive
 * characters of one of the secrets (or of its hex or base64 forms) with `***`.
 */
export function makeRedactor(secrets: readonly string[], minSlice = MIN_SECRET_SLICE): Redactor {
  // The edges and the core each ask for the same redactor; it is built once (start-up time).
  const id = JSON.stringify([minSlice, secrets]);
  const known = built.get(id);
  if (known) return known;
  const redactor = buildRedactor(secrets, minSlice);
  if (built.size < 16) built.set(id, redactor);
  return redactor;
}

const built = new Map<string, Redactor>();

function buildRedactor(secrets: readonly string[], minSlice: number): Redactor {
  // Every window of minSlice characters of every form, as read: a match of any longer run starts
  // with one of these windows, so marking each window match finds it.
  const windows = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < minSlice) continue;
    // Each form as read, and as written: an escape cut in the middle (`%2` of `%2B`) is not
    // decoded when the text is read, so the escaped forms are also compared as written.
    const forms = printableForms(secret);
    const written = [...forms, urlEncoded(secret)].map((form) => read(form, false).units);
    for (const units of [...forms.map((form) => read(form).units), ...written]) {
      for (let i = 0; i + minSlice <= units.length; i++) windows.add(units.slice(i, i + minSlice));
    }
  }
  if (windows.size === 0) return (value) => value;
  const alphabet = alphabetOf(windows);
  return (value) => {
    if (value.length < minSlice) return value;
    if (alphabet && !mayHoldRun(value, alphabet, minSlice)) return value;
    // +1 where a hidden span opens, -1 where it closes: linear in the text, however spans overlap.
    const depth = new Int32Array(value.length + 1);
    let found = false;
    for (const { units, starts, ends } of [read(value), read(value, false)]) {
      for (let i = 0; i + minSlice <= units.length; i++) {
        if (windows.has(units.slice(i, i + minSlice))) {
          depth[starts ? (starts[i] ?? 0) : i]! += 1;
          depth[ends ? (ends[i + minSlice - 1] ?? value.length) : i + minSlice]! -= 1;
          found = true;
        }
      }
    }
    if (!found) return value;
    let out = '';
    let open = 0;
    let copiedTo = 0;
    for (let i = 0; i <= value.length; i++) {
      const before = open;
      open += depth[i] ?? 0;
      if (before === 0 && open > 0) {
        out += value.slice(copiedTo, i) + REPLACEMENT;
      } else if (before > 0 && open === 0) {
        copiedTo = i;
      }
    }
    return open > 0 ? out : out + value.slice(copiedTo);
  };
}
