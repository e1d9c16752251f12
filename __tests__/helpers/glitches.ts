// Text glitches a reader stumbles on: the kind that composing sentences from parts produces
// (a period after a sentence that already ends in one, a status said twice, a sentence repeated)
// and escapes meant for a machine that reach a person. Each rule names what it found.

export interface Glitch {
  readonly rule: string;
  readonly found: string;
}

interface Rule {
  readonly name: string;
  readonly pattern: RegExp;
}

// Each pattern is bounded (no nested quantifiers) and matched against one block of text.
const RULES: readonly Rule[] = [
  // `..` not part of an ellipsis `...` nor of a path `../`.
  { name: 'doubled period', pattern: /(?<!\.)\.\.(?![./])/g },
  { name: 'doubled comma', pattern: /,\s{0,3},/g },
  { name: 'punctuation clash', pattern: /[.,;:][.,;]/g },
  { name: 'doubled space', pattern: /\S {2,}\S/g },
  { name: 'doubled quotes', pattern: /""|''/g },
  { name: 'a parenthesis said twice', pattern: /(\([^()]{1,80}\))\s{0,3}\1/g },
  { name: 'a word said twice', pattern: /\b([A-Za-z]{2,40}) \1\b/g },
  { name: '"all" with a count of one or two', pattern: /\ball [12]\b/g },
  { name: 'a percent escape left for a reader', pattern: /%(?:25|3A|0A|0D|2C|3B|5D)/gi },
  { name: 'a backslash escape left for a reader', pattern: /\\[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g },
  { name: 'an HTML entity left for a reader', pattern: /&(?:amp|lt|gt|quot|#\d{1,5});/g },
  { name: 'an invisible character', pattern: /[\u200d\u200b\u200c\u2060\ufeff]/g },
];

/** Said twice on purpose: the message shows what the header would become. */
const MEANT: readonly string[] = ['Bearer Bearer'];

const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z"“(])/;

/** Sentences of 4 words or more that occur twice in the text. */
function repeatedSentences(text: string): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const sentence of text.split(SENTENCE_END).map((s) => s.trim())) {
    if (sentence.split(/\s+/).length < 4) continue;
    if (seen.has(sentence)) repeated.push(sentence);
    seen.add(sentence);
  }
  return repeated;
}

/**
 * The glitches in one block of text a reader reads as a whole. `except` lists text the block is
 * allowed to hold verbatim (the server's own words and the user's input, which are quoted as they are).
 */
export function glitchesIn(text: string, except: readonly string[] = []): Glitch[] {
  let scanned = text;
  for (const allowed of [...MEANT, ...except]) if (allowed) scanned = scanned.split(allowed).join('\u0000');
  const found: Glitch[] = [];
  for (const rule of RULES) {
    for (const match of scanned.matchAll(rule.pattern)) {
      const at = match.index;
      found.push({ rule: rule.name, found: scanned.slice(Math.max(0, at - 30), at + match[0].length + 30).replaceAll('\u0000', '…') });
    }
  }
  for (const sentence of repeatedSentences(scanned)) found.push({ rule: 'a sentence said twice', found: sentence });
  return found;
}
