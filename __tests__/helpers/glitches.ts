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

/** What a page is about, for the rules that compare a sentence with the facts or with another sentence. */
export interface PageFacts {
  /** The endpoint is DeepSeek's own host. */
  readonly official: boolean;
  /** The inputs as the step was given them (base-url with its default filled in). */
  readonly inputs: Readonly<Record<string, string | undefined>>;
}

/** Words that make a sentence about an outage. */
const OUTAGE_WORDS = /rate-limit|unreachable|status page|overloaded|answered 5\d\d|holds requests|limits concurrency|is down/i;
const SUGGESTED = /\b(?:Write|write) [`"\u201c]?(base-url|models|min-balance|timeout-seconds|retries): ([^`"\u201d]{1,200})[`"\u201d]/g;

/**
 * Contradictions across one page (a whole channel: the summary, the annotations, the log, the CLI's
 * output): two sentences that cannot both be true, or a sentence that contradicts the facts.
 */
export function contradictionsIn(page: string, facts: PageFacts): Glitch[] {
  const found: Glitch[] = [];
  const both = (rule: string, a: RegExp, b: RegExp): void => {
    const first = a.exec(page);
    const second = b.exec(page);
    if (first && second) found.push({ rule, found: `${first[0]} … ${second[0]}` });
  };
  both('"nothing to fix in the secret" beside "says nothing about the secret"', /nothing to (?:fix|change) in the secret/i, /says nothing about whether the secret/i);
  both('"no answer" beside an answer', /not (?:checked|judged): no answer/i, /answered [45]\d\d\b/);
  if (!facts.official) {
    for (const line of page.split('\n')) {
      for (const whole of line.split(SENTENCE_END)) {
        // The product's own name is not a claim about the endpoint.
        const sentence = whole.replace(/DeepSeek preflight|deepseek-preflight/gi, '');
        if (/DeepSeek/.test(sentence) && OUTAGE_WORDS.test(sentence) && !/DeepSeek keys? through/.test(sentence))
          found.push({ rule: 'DeepSeek named in an outage of another endpoint', found: sentence.slice(0, 200) });
      }
    }
  }
  for (const match of page.matchAll(SUGGESTED)) {
    const [, name = '', value = ''] = match;
    if (facts.inputs[name] !== undefined && value.trim() === facts.inputs[name]?.trim()) found.push({ rule: 'a suggested value that is already set', found: match[0] });
  }
  // A code span quoted in plain text around a value that has quotes itself: `"printf %s "$KEY""`.
  // An opening quote follows a space, a parenthesis or the start of a line; a closing one does not.
  for (const match of page.matchAll(/(?<=^|[\s(])"[^"\s][^"\n]{0,200} "[^"\s\n][^"\n]{0,200}" [^"\n]{0,200}[^\s"]"/gm)) found.push({ rule: 'nested quotes', found: match[0] });
  return found;
}
