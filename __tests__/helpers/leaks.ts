// Looks for a secret in what the runner shows or keeps. Written independently of src/ (it shares
// no code, encoding list or threshold with the redactor it checks): a scanner that reused the
// redactor's idea of a leak would be blind exactly where the redactor is.
//
// A leak is 8 consecutive characters of the secret, compared case-insensitively, found in the text
// after undoing every encoding the text could carry it in: invisible characters removed, percent
// and workflow-command escapes (%0A, %25, %3A…) decoded, JSON `\u` escapes decoded, and every run
// of base64, base64url or hex decoded at every alignment (so the secret at any byte offset of an
// encoded blob is found). The masking commands (`::add-mask::…`) are the one place the key may be
// printed, and only as the very first lines of the log.
import type { ActionRun } from './run-action.js';

/** Consecutive characters of the secret that make a leak. */
export const LEAK_WINDOW = 8;

// Zero-width and other invisible characters: dropped, so that `sk-ab\u200bcdef…` is still the key.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u0000-\u0008\u000e-\u001f\u007f-\u009f]/gu;

// A reader also joins pieces of a key that are shown apart: separated by spaces or line breaks
// (a control turned into a space), by a list's commas, by the quotes or backticks each item of a
// list is shown in (`"sk-0123", "456789a"`), or written in compatibility forms that NFKC folds to
// ASCII (fullwidth `ｓ`, mathematical bold `𝐬`).
const SEPARATORS = /[\s,;"'`\u2018\u2019\u201c\u201d]+/gu;
const joined = (s: string): string => s.normalize('NFKC').replace(INVISIBLE, '').replace(SEPARATORS, '');

const withoutInvisible = (s: string): string => s.replace(INVISIBLE, '');

/** %XX sequences decoded as UTF-8 bytes (invalid sequences become U+FFFD; others stay as they are). */
function percentDecoded(s: string): string {
  return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** JSON and JavaScript escapes: \uXXXX, \xXX, \/. */
function escapesDecoded(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\\//g, (m, u: string | undefined, x: string | undefined) =>
    u ? String.fromCharCode(parseInt(u, 16)) : x ? String.fromCharCode(parseInt(x, 16)) : '/',
  );
}

/** Each run of base64 or base64url characters, decoded from each of the 4 character offsets. */
function base64Decodings(s: string): string[] {
  const out: string[] = [];
  for (const [run] of s.matchAll(/[A-Za-z0-9+/_-]{11,}/g)) {
    const standard = run.replace(/-/g, '+').replace(/_/g, '/');
    for (let offset = 0; offset < 4; offset++) {
      // Node decodes a last, incomplete group too (padding is often dropped).
      const bytes = Buffer.from(standard.slice(offset), 'base64');
      out.push(bytes.toString('latin1'), bytes.toString('utf8'));
    }
  }
  return out;
}

/** Each run of hex digits, decoded from both nibble offsets. */
function hexDecodings(s: string): string[] {
  const out: string[] = [];
  for (const [run] of s.matchAll(/[0-9a-fA-F]{16,}/g)) {
    for (let offset = 0; offset < 2; offset++) {
      const part = run.slice(offset);
      const bytes = Buffer.from(part.slice(0, part.length - (part.length % 2)), 'hex');
      out.push(bytes.toString('latin1'), bytes.toString('utf8'));
    }
  }
  return out;
}

/** Every reading of the text a secret could hide in, lower-cased and without invisible characters. */
export function readings(haystack: string): Array<{ how: string; text: string }> {
  const clean = withoutInvisible(haystack);
  const layers: Array<[string, string]> = [
    ['as printed', clean],
    ['percent-decoded', percentDecoded(clean)],
    ['escapes decoded', escapesDecoded(clean)],
    ['escapes then percent decoded', percentDecoded(escapesDecoded(clean))],
    ['NFKC-folded, separators removed', joined(haystack)],
  ];
  const out: Array<{ how: string; text: string }> = [];
  const seen = new Set<string>();
  const add = (how: string, text: string): void => {
    const t = withoutInvisible(text).toLowerCase();
    if (!seen.has(t)) {
      seen.add(t);
      out.push({ how, text: t });
    }
  };
  for (const [how, text] of layers) {
    add(how, text);
    for (const decoded of base64Decodings(text)) add(`${how}, base64-decoded`, decoded);
    for (const decoded of hexDecodings(text)) add(`${how}, hex-decoded`, decoded);
  }
  return out;
}

/**
 * The leaks found in `haystack`, each with a little context; empty when clean. A window that lies
 * inside a well-known public prefix (`sk-proj-`) is no secret and is not looked for.
 */
export function findLeaks(haystack: string, secrets: readonly string[], publicPrefix?: string): string[] {
  const leaks: string[] = [];
  const texts = readings(haystack);
  for (const secret of secrets) {
    const key = withoutInvisible(secret).toLowerCase();
    const windows = new Set<string>();
    for (let i = 0; i + LEAK_WINDOW <= key.length; i++) windows.add(key.slice(i, i + LEAK_WINDOW));
    if (publicPrefix) for (const w of [...windows]) if (publicPrefix.toLowerCase().includes(w)) windows.delete(w);
    for (const { how, text } of texts) {
      for (let i = 0; i + LEAK_WINDOW <= text.length && leaks.length < 5; i++) {
        if (windows.has(text.slice(i, i + LEAK_WINDOW))) {
          leaks.push(`8 characters of the secret (${how}) at ${i}: …${JSON.stringify(text.slice(Math.max(0, i - 40), i + 48))}…`);
          i += LEAK_WINDOW;
        }
      }
    }
  }
  return leaks;
}

export interface MaskingSplit {
  /** The leading `::add-mask::` lines. */
  readonly maskLines: string[];
  /** Everything else the runner shows or keeps (log, summary, outputs file). */
  readonly rest: string;
}

/**
 * Splits `run.everything` (stdout first) into the leading block of masking lines and the rest.
 * Throws when a masking line appears anywhere but at the very start of the log.
 */
export function splitMasking(run: ActionRun): MaskingSplit {
  const lines = run.everything.split('\n');
  let n = 0;
  while (n < lines.length && (lines[n] ?? '').startsWith('::add-mask::')) n++;
  const restLines = lines.slice(n);
  const late = restLines.findIndex((l) => /::add-mask::|##\[add-mask\]/i.test(l));
  if (late >= 0) throw new Error(`masking command after other output (line ${n + late + 1}): ${JSON.stringify(restLines[late]?.slice(0, 40))}`);
  return { maskLines: lines.slice(0, n), rest: restLines.join('\n') };
}

/** Unescapes a workflow command's data as the runner does (%0D, %0A, then %25). */
export function commandData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/**
 * The forms of an `api-key` input that can reach the output and so must be masked, worked out from
 * the input alone: the input as given, trimmed, each of its lines trimmed, and the key inside it
 * when the input holds it whole (whatever removes the extra characters yields it). A key broken by
 * a line break is covered by its lines. Forms shorter than 8 characters are not secrets worth a
 * mask (and masking them would blank ordinary words).
 */
export function formsThatMustBeMasked(apiKey: string, key: string): string[] {
  const forms = [apiKey, apiKey.trim(), ...apiKey.split(/\r\n|\r|\n/).map((l) => l.trim()), ...(apiKey.includes(key) ? [key] : [])];
  return [...new Set(forms)].filter((f) => f.length >= LEAK_WINDOW);
}
