// Looks for a secret in what the runner shows or keeps: the secret itself, its URL-encoded and
// base64 forms, base64 of its `Bearer` header, and every slice of 8 or more characters of any of
// them. The masking commands (`::add-mask::…`) are the one place the key may be printed, and only
// as the very first lines of the log.
import type { ActionRun } from './run-action.js';

export const MIN_SLICE = 8;

export function encodedForms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(`Bearer ${secret}`).toString('base64')])];
}

/** Every window of MIN_SLICE characters of every form: any leaked 8+ slice contains one. */
function windowsOf(secret: string): Map<string, string> {
  const windows = new Map<string, string>();
  for (const form of encodedForms(secret)) {
    for (let i = 0; i + MIN_SLICE <= form.length; i++) windows.set(form.slice(i, i + MIN_SLICE), form === secret ? 'slice of the key' : 'slice of an encoded form');
  }
  return windows;
}

/** The leaks found in `haystack`, each with a little context; empty when clean. */
export function findLeaks(haystack: string, secrets: readonly string[], publicPrefix?: string): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    if (secret.length < MIN_SLICE) continue;
    for (const form of encodedForms(secret)) {
      if (haystack.includes(form)) leaks.push(`whole form ${JSON.stringify(form.slice(0, 60))}`);
    }
    const windows = windowsOf(secret);
    // A window inside a well-known public prefix (`sk-proj-`) is no secret.
    if (publicPrefix) for (const w of [...windows.keys()]) if (publicPrefix.includes(w)) windows.delete(w);
    for (let i = 0; i + MIN_SLICE <= haystack.length && leaks.length < 5; i++) {
      const what = windows.get(haystack.slice(i, i + MIN_SLICE));
      if (what) leaks.push(`${what} at ${i}: …${JSON.stringify(haystack.slice(Math.max(0, i - 40), i + 48))}…`);
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
  const late = restLines.findIndex((l) => l.includes('::add-mask::'));
  if (late >= 0) throw new Error(`masking command after other output (line ${n + late + 1}): ${JSON.stringify(restLines[late]?.slice(0, 40))}`);
  return { maskLines: lines.slice(0, n), rest: restLines.join('\n') };
}

/** Unescapes a workflow command's data (%25, %0D, %0A). */
export function commandData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
