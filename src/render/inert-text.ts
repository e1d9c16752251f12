// Text for a log that the GitHub runner reads for workflow commands (docs/runner-commands.md).
// The runner tries two parsers on every line of stdout and stderr: `::name props::data` when the
// line, with leading white space trimmed, starts with `::`; and the legacy `##[name props]data`,
// found anywhere in the line. Anything we print that is not one of our own commands passes through
// here, so that no text (server bodies, headers, model ids, inputs echoed back, error messages)
// can become a command, whatever its source.
//
// The runner compares with .NET's culture-sensitive IndexOf/StartsWith, which on ICU skip
// "ignorable" characters: `#\u200b#[` can match `##[`. So the breaks inserted here are visible
// characters (a space), and ignorable or control characters are turned into spaces first.

// Characters a culture-sensitive comparison may skip (controls, format characters, default
// ignorables such as U+200B, U+2060, U+FEFF, U+00AD) and line or paragraph separators that some
// log viewers break on. Tab stays: it is white space, not ignorable; CR and LF end lines.
const IGNORABLE_OR_BREAK = /[\u0000-\u0008\v\f\u000e-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
// An ANSI colour (SGR) sequence, which only our own terminal palette writes.
const COLOUR = /\u001b\[[0-9;]*m/y;
// .NET's String.TrimStart() white space (Char.IsWhiteSpace), with JavaScript's on top.
const LEADING_SPACE = /^[\s\u0085\u180e]*/u;

function withoutIgnorables(line: string): string {
  if (!line.includes('\u001b')) return line.replace(IGNORABLE_OR_BREAK, ' ');
  let out = '';
  for (let i = 0; i < line.length;) {
    COLOUR.lastIndex = i;
    const colour = COLOUR.exec(line);
    if (colour) {
      out += colour[0];
      i += colour[0].length;
    } else {
      const ch = line.codePointAt(i) ?? 0;
      const s = String.fromCodePoint(ch);
      out += s.replace(IGNORABLE_OR_BREAK, ' ');
      i += s.length;
    }
  }
  return out;
}

/** One line (no CR or LF) that neither of the runner's command parsers reads as a command. */
function inertLine(line: string): string {
  const plain = withoutIgnorables(line).replace(/##\[/g, '## [');
  const lead = LEADING_SPACE.exec(plain)?.[0].length ?? 0;
  return plain.startsWith('::', lead) ? `${plain.slice(0, lead)}: :${plain.slice(lead + 2)}` : plain;
}

/**
 * Any text, made inert line by line (the runner splits lines at CR, LF and CRLF, which are kept):
 * `##[` becomes `## [` everywhere, and a `::` that would start a line once its leading white space
 * is trimmed becomes `: :`. Readable, a few characters longer at most.
 */
export function inertText(text: string): string {
  return text.replace(/[^\r\n]+/g, inertLine);
}

/**
 * Serialized JSON made inert without changing what it parses to: every `#` is written `\u0023`
 * (in JSON `#` can only occur inside a string), so no `##[` can appear; no line of JSON text can
 * start with `::` (a string cannot hold a raw line break).
 */
export function inertJson(json: string): string {
  return json.replace(/#/g, '\\u0023');
}
