// A hostile or buggy server can echo the key back in an error message or a header. Everything the
// server says passes through a redactor before it can reach a summary, an annotation or a log line.

/** Slices of the secret at least this long are never shown (the last four characters may be). */
export const MIN_SECRET_SLICE = 8;

/** A lone surrogate cannot be URL-encoded (encodeURIComponent throws); such a value is its own form. */
function urlEncoded(secret: string): string {
  try {
    return encodeURIComponent(secret);
  } catch {
    return secret;
  }
}

function encodedForms(secret: string, minSlice: number): string[] {
  const forms = [secret, urlEncoded(secret), Buffer.from(secret).toString('base64')];
  forms.push(Buffer.from(`Bearer ${secret}`).toString('base64'));
  return forms.filter((form, i) => form.length >= minSlice && forms.indexOf(form) === i);
}

export type Redactor = (value: string) => string;

/**
 * Returns a function that replaces every run of `minSlice` or more characters that also occurs in
 * one of the secrets (or their URL-encoded and base64 forms) with `***`.
 */
export function makeRedactor(secrets: readonly string[], minSlice = MIN_SECRET_SLICE): Redactor {
  const forms = secrets.flatMap((s) => (s.length >= minSlice ? encodedForms(s, minSlice) : []));
  if (forms.length === 0) return (value) => value;
  // Every window of minSlice characters of every form: a match of any longer slice starts with
  // one of these windows, so marking each window match finds it.
  const windows = new Set<string>();
  for (const form of forms) {
    for (let i = 0; i + minSlice <= form.length; i++) windows.add(form.slice(i, i + minSlice));
  }
  return (value) => {
    if (value.length < minSlice) return value;
    const hidden = new Uint8Array(value.length);
    let found = false;
    for (let i = 0; i + minSlice <= value.length; i++) {
      if (windows.has(value.slice(i, i + minSlice))) {
        hidden.fill(1, i, i + minSlice);
        found = true;
      }
    }
    if (!found) return value;
    let out = '';
    for (let i = 0; i < value.length; i++) {
      if (hidden[i]) {
        if (i === 0 || !hidden[i - 1]) out += '***';
      } else {
        out += value[i];
      }
    }
    return out;
  };
}
