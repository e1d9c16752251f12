// Text that carries both a Markdown rendering (job summary) and a plain rendering (annotations,
// log lines, outputs). Literal template parts are ours and trusted; every interpolated value is
// treated as untrusted (it may come from the server or the user) and is escaped for each target.

export interface Text {
  readonly md: string;
  readonly plain: string;
}

const MAX_UNTRUSTED_LENGTH = 300;

/**
 * The one definition of characters a reader does not see as themselves: controls, format
 * characters, default ignorables, line and paragraph separators and white space. Every later step
 * (flattening to one line, making a log line inert, a viewer's culture-sensitive comparison) turns
 * some of these into a space or drops them, so the redactor skips all of them: key pieces separated
 * only by such characters are read as one run, whatever a later step does to the separators.
 */
export const INVISIBLE_CLASS = '\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}\\p{Zl}\\p{Zp}\\p{White_Space}\\uFEFF';
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
const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

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
  return value
    .replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/[\\`*_{}[\]()#+\-.!|~=^]/g, (c) => `\\${c}`)
    // A zero-width space breaks mentions, autolinked URLs and www. links without changing what is read.
    .replace(/@/g, '@\u200b')
    .replace(/:\/\//g, ':\u200b//')
    .replace(/(www)\\\./gi, '$1\u200b\\.');
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
  values.forEach((value, i) => {
    const rest = strings[i + 1] ?? '';
    if (isText(value)) {
      md += value.md + rest;
      plain += value.plain + plainOf(rest);
    } else {
      const s = cut(flatten(String(value)), MAX_UNTRUSTED_LENGTH);
      md += escapeFlat(s) + rest;
      plain += s + plainOf(rest);
    }
  });
  return { md, plain };
}

/** Untrusted value shown as inline code. */
export function code(value: string): Text {
  return { md: `<code>${escapeMarkdown(value)}</code>`, plain: `"${oneLine(value)}"` };
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
  return {
    md: parts.map((p) => p.md).join(separator),
    plain: parts.map((p) => p.plain).join(separator),
  };
}

