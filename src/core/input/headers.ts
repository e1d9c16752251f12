// The `headers` input: extra request headers a gateway needs beside `Authorization` (Portkey's
// `x-portkey-provider`, Cloudflare AI Gateway's `cf-aig-authorization`, Helicone's `Helicone-Auth`).
// One `Name: value` per line. Values may be secrets: they are never shown anywhere, and a value
// that can be a credential is masked and redacted like the key (docs/gateways.md).

/** A header to send on every request to `base-url`, keyed and key-less alike. */
export interface ExtraHeader {
  /** Lower case, as sent. */
  readonly name: string;
  readonly value: string;
}

export const HEADER_LIMITS = { count: 20, nameLength: 64, valueLength: 4096 } as const;

/** RFC 9110 token characters: what a header name may be made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Names this action sets itself, or that would change what a request is or where it goes, and why.
 * The key goes only in `api-key`; the key-less twin of each request must differ from the keyed one
 * by `Authorization` alone, which a credential in another standard header would break.
 */
const REFUSED: ReadonlyArray<readonly [RegExp, string]> = [
  [/^authorization$/, 'the key goes in `api-key`; this action sends it as `Authorization: Bearer …` itself'],
  [/^proxy-/, 'proxy settings come from `HTTPS_PROXY` on the runner; a proxy never sees these headers'],
  [/^(host|content-length|transfer-encoding|connection|keep-alive|te|trailer|upgrade|expect)$/, 'it is set by the HTTP client for each connection'],
  [/^(content-type|accept|accept-encoding|user-agent)$/, 'this action sets it itself'],
  [/^cookie$/, 'a session cookie would authenticate the request without the key, so the key could not be judged'],
];

export type HeaderProblem = { readonly line: number; readonly message: string };

/** Lines of `Name: value`; blank lines and lines starting with `#` are skipped. */
export function parseHeaderLines(textValue: string): { headers: ExtraHeader[]; problems: HeaderProblem[] } {
  const headers: ExtraHeader[] = [];
  const problems: HeaderProblem[] = [];
  const names = new Set<string>();
  const lines = textValue.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').replace(/\r$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    // Bounded work whatever is pasted: past the limit, one problem and no more parsing.
    if (headers.length + problems.length >= HEADER_LIMITS.count) {
      problems.push({ line: 0, message: `More than ${HEADER_LIMITS.count} lines; at most ${HEADER_LIMITS.count} headers are sent.` });
      break;
    }
    const colon = line.indexOf(':');
    const name = (colon < 0 ? line : line.slice(0, colon)).trim();
    const value = colon < 0 ? '' : line.slice(colon + 1).trim();
    const problem = nameProblem(name, colon) ?? valueProblem(value, line);
    if (problem) problems.push({ line: index + 1, message: problem });
    else if (names.has(name.toLowerCase())) problems.push({ line: index + 1, message: `\`${name}\` is given twice; write each header once.` });
    else {
      names.add(name.toLowerCase());
      headers.push({ name: name.toLowerCase(), value });
    }
  }
  return { headers, problems };
}

function nameProblem(name: string, colon: number): string | undefined {
  if (colon < 0) return 'a line without `:`. Write one header per line as `Name: value`, such as `x-portkey-provider: deepseek`.';
  if (name === '') return 'a line with no name before `:`. Write `Name: value`, such as `x-portkey-provider: deepseek`.';
  // Shown only when it is a plain header name: anything else could be a pasted secret.
  if (name.length > HEADER_LIMITS.nameLength || !TOKEN.test(name)) return 'the name (not shown) is not a header name: use letters, digits and `-` only, such as `x-portkey-provider`.';
  const refused = REFUSED.find(([pattern]) => pattern.test(name.toLowerCase()));
  return refused ? `\`${name}\` cannot be set here: ${refused[1]}. Remove that line.` : undefined;
}

function valueProblem(value: string, line: string): string | undefined {
  if (/[\0-\x08\x0a-\x1f\x7f]/.test(line)) return 'the value (not shown) holds a control character. Write the value on one line, without control characters.';
  if (value === '') return 'the value is empty. Write `Name: value`, or remove the line.';
  if (value.length > HEADER_LIMITS.valueLength) return `the value (not shown) is longer than ${HEADER_LIMITS.valueLength} characters.`;
  return undefined;
}

/**
 * The values that may be credentials, to mask and redact like the key. Not a value shorter than 16
 * characters or a plain URL: masking `deepseek` (`x-portkey-provider: deepseek`) or
 * `http://127.0.0.1:8080` would blank that word or host in every line of the job's log, and a
 * credential is longer and is no plain URL.
 */
export function secretHeaderValues(textValue: string): string[] {
  const values = textValue.split('\n').flatMap((line) => {
    const colon = line.indexOf(':');
    return colon < 0 ? [] : [line.slice(colon + 1).trim()];
  });
  // Bounded like the parse: a value too long to be sent is refused, not built into the redactor.
  return values.filter((value) => value.length >= 16 && value.length <= HEADER_LIMITS.valueLength && !/^https?:\/\/[^\s@?#]+$/i.test(value)).slice(0, HEADER_LIMITS.count + 1);
}
