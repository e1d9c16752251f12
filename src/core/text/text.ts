// Text that carries both a Markdown rendering (job summary) and a plain rendering (annotations,
// log lines, outputs). Literal template parts are ours and trusted; every interpolated value is
// treated as untrusted (it may come from the server or the user) and is escaped for each target.

export interface Text {
  readonly md: string;
  readonly plain: string;
  /** For a person at a terminal, where it differs from `plain` (flags instead of inputs…). */
  readonly cli?: string;
}

/** The words for a terminal: `cli` where a part said it differently, `plain` otherwise. */
export function cliOf(t: Text): string {
  return t.cli ?? t.plain;
}

/**
 * A `|` inside a code span: a table cell needs it written `\|` (GFM ends the cell at a bare one,
 * even in a code span, and removes that backslash), anywhere else the backslash would show. The
 * code span cannot know where it lands, so it leaves this mark and `markdownIn` resolves it.
 */
const PIPE_IN_CODE = '\ue000';

/** A Text's Markdown for where it is written: a table cell or anywhere else. */
export function markdownIn(t: Text, place: 'cell' | 'block'): string {
  return t.md.replaceAll(PIPE_IN_CODE, place === 'cell' ? '\\|' : '|');
}

const MAX_UNTRUSTED_LENGTH = 300;

/**
 * The one definition of characters a reader does not see as themselves: controls, format
 * characters, default ignorables, line and paragraph separators and white space. Every later step
 * (flattening to one line, making a log line inert, a viewer's culture-sensitive comparison) turns
 * some of these into a space or drops them, so the redactor skips all of them: key pieces separated
 * only by such characters are read as one run, whatever a later step does to the separators.
 */
// U+E000 is the placeholder the Markdown renderer uses for a pipe inside a code span: oneLine turns it
// into a space in untrusted text, so it separates nothing either.
export const INVISIBLE_CLASS = '\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}\\p{Zl}\\p{Zp}\\p{White_Space}\\uFEFF\\uE000';
const INVISIBLE = new RegExp(`[${INVISIBLE_CLASS}]`, 'u');
/** Looked up per character while redacting: the Basic Multilingual Plane answered once each. */
const bmpInvisible = new Uint8Array(0x10000);

/** Whether code point `cp` is one of INVISIBLE_CLASS. */
export function isInvisible(cp: number): boolean {
  if (cp < 0x10000) {
    let known = bmpInvisible[cp] ?? 0;
    if (known === 0) bmpInvisible[cp] = known = INVISIBLE.test(String.fromCharCode(cp)) ? 1 : 2;
    return known === 1;
  }
  return cp <= 0x10ffff && INVISIBLE.test(String.fromCodePoint(cp));
}

// Control characters, including the Unicode line and paragraph separators and NEL, end a log line
// on some viewers; bidi overrides can disguise text. All of them become a single space.
const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ue000]+/g;

/** Why something failed, as one line (an Error's message, or whatever else was thrown). */
export function errorText(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

/** One line of untrusted text: no control characters, bounded length. */
export function oneLine(value: string, max = MAX_UNTRUSTED_LENGTH): string {
  return cut(flatten(value).trim(), max);
}

/** Control characters become single spaces; nothing is trimmed, so " after 2 attempts" keeps its space. */
function flatten(value: string): string {
  return value.replace(CONTROL_OR_INVISIBLE, ' ').replace(/ {2,}/g, ' ');
}

function cut(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes untrusted text for GitHub-flavoured Markdown with inline HTML: no tags, no emphasis,
 * no links or images, no table breaks, no autolinks and no @mentions that notify anyone.
 */
export function escapeMarkdown(value: string): string {
  return escapeFlat(oneLine(value));
}

function escapeFlat(value: string): string {
  return (
    value
      .replace(/[\\`*_[\]()#!|~^]/g, (c) => `\\${c}`)
      // After the backslashes: the `#` of `&#39;` must stay bare, or the entity shows as text.
      .replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c)
      // `-`, `+`, `=` and `1.` make a list, a heading underline or a numbered item only at the start
      // of a line: escaped there, and left as they are inside a sentence, where `\.` only hurts reading.
      .replace(/^(?:[-+=]|(\d{1,9})([.)]))/, (start, digits?: string, mark?: string) => (digits === undefined ? `\\${start}` : `${digits}\\${mark ?? ''}`))
      // A zero-width space breaks mentions, autolinked URLs and www. links without changing what is read.
      .replace(/@/g, '@\u200b')
      .replace(/:\/\//g, ':\u200b//')
      .replace(/(www)\./gi, '$1\u200b.')
  );
}

function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null && 'md' in value && 'plain' in value;
}

type Interpolated = string | number | Text;

/** Our own Markdown, as plain text for annotations and logs: no `**`, no backticks. */
function plainOf(md: string): string {
  return md.replace(/\*\*|`/g, '');
}

/** Tagged template: `text\`Key ${untrusted} rejected\`` escapes the interpolation for each target. */
export function text(strings: TemplateStringsArray, ...values: Interpolated[]): Text {
  let md = strings[0] ?? '';
  let plain = plainOf(strings[0] ?? '');
  let cli = plain;
  let differs = false;
  values.forEach((value, i) => {
    const rest = strings[i + 1] ?? '';
    if (isText(value)) {
      md += value.md + rest;
      plain += value.plain + plainOf(rest);
      cli += cliOf(value) + plainOf(rest);
      differs ||= value.cli !== undefined;
    } else {
      const s = cut(flatten(String(value)), MAX_UNTRUSTED_LENGTH);
      md += escapeFlat(s) + rest;
      plain += s + plainOf(rest);
      cli += s + plainOf(rest);
    }
  });
  return differs ? { md, plain, cli } : { md, plain };
}

/**
 * A CommonMark code span, which GitHub renders literally and copies byte for byte: no escapes,
 * links, mentions or HTML inside, so neither our text nor the server's needs any trick there. The
 * fence is one backtick longer than the longest run inside; content that starts or ends with a
 * backtick (or with a space at both ends) is padded with a space, which the renderer strips.
 */
export function codeSpan(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(content) && content.trim() !== '' ? ' ' : '';
  // A backslash right before a `|` would pair with the one a table cell adds before it.
  const body = content.replace(/\\(?=\|)/g, '\\ ').replaceAll('|', PIPE_IN_CODE);
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A value shown as code: a thing to type, or untrusted text quoted as it is (one line, bounded). */
export function code(value: string): Text {
  const shown = oneLine(value);
  // Plain text quotes it; a value that holds straight double quotes itself (a shell command) gets
  // typographic ones, so that `"printf %s "$KEY""` does not read as two quoted pieces.
  const plain = shown.includes('"') ? `\u201c${shown}\u201d` : `"${shown}"`;
  return { md: shown === '' ? '""' : codeSpan(shown), plain };
}

/** A value shown as it is (a balance, a fingerprint): code in Markdown, bare in plain text. */
export function verbatim(value: string): Text {
  const shown = oneLine(value);
  return { md: shown === '' ? '' : codeSpan(shown), plain: shown };
}

/** Trusted text we wrote ourselves (may contain Markdown). */
export function trusted(md: string, plain = plainOf(md)): Text {
  return { md, plain };
}

/** A link whose target we chose; the label is trusted too. */
export function link(label: string, url: string): Text {
  return { md: `[${label}](${url})`, plain: `${label} (${url})` };
}

export function join(parts: Text[], separator = ', '): Text {
  const joined = { md: parts.map((p) => p.md).join(separator), plain: parts.map((p) => p.plain).join(separator) };
  return parts.some((p) => p.cli !== undefined) ? { ...joined, cli: parts.map(cliOf).join(separator) } : joined;
}
