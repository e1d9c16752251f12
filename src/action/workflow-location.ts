// Points annotations at the line of the workflow file that passes `api-key`, so the error shows up
// on the workflow file itself in the pull request and the run page.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';

export interface WorkflowLocation {
  readonly file: string;
  readonly line: number;
  /** The lines a fix can be on, besides `api-key:` (fix-lines scanning below). */
  readonly fixLines?: FixLines;
  /** What the line says about the secret: its name, and the job's environment (whose secrets it may be). */
  readonly secret?: SecretReference;
}

export interface SecretReference {
  readonly name: string;
  readonly environment?: string;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** A one-line YAML scalar as written: without a trailing comment and the quotes around it. */
function scalarOf(raw: string): string {
  const hash = raw.search(/\s#/);
  const value = (hash < 0 ? raw : raw.slice(0, hash)).trim();
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value.length <= 100 ? value : '';
}

/**
 * The secret the `api-key:` line names (`${{ secrets.NAME }}` or `secrets['NAME']`), and the
 * `environment:` of its job, if the job declares one: the job is the block of lines around the
 * step's `steps:` at that indentation. Undefined when the line passes no single secret.
 */
export function describeApiKeyLine(source: string, line: number): SecretReference | undefined {
  const lines = source.split(/\r?\n/);
  const text = lines[line - 1] ?? '';
  const match = /\$\{\{\s*secrets(?:\.([A-Za-z_][A-Za-z0-9_]{0,99})|\[\s*'([A-Za-z_][A-Za-z0-9_]{0,99})'\s*\])\s*\}\}/.exec(text);
  const name = match?.[1] ?? match?.[2];
  if (name === undefined) return undefined;
  let stepsAt = -1;
  for (let i = line - 2; i >= 0; i--) {
    if ((lines[i] ?? '').trimStart().startsWith('steps:')) {
      stepsAt = i;
      break;
    }
  }
  if (stepsAt < 0) return { name };
  const jobIndent = indentOf(lines[stepsAt] ?? '');
  const inJob = (i: number): boolean => {
    const l = lines[i] ?? '';
    return l.trim() === '' || l.trimStart().startsWith('#') || indentOf(l) >= jobIndent;
  };
  let start = stepsAt;
  while (start > 0 && inJob(start - 1)) start--;
  let end = stepsAt;
  while (end + 1 < lines.length && inJob(end + 1)) end++;
  for (let i = start; i <= end; i++) {
    const l = lines[i] ?? '';
    if (indentOf(l) !== jobIndent) continue;
    const trimmed = l.trimStart();
    if (!trimmed.startsWith('environment:')) continue;
    let value = scalarOf(trimmed.slice('environment:'.length));
    // `environment:` as a mapping: its `name:` is on a deeper line below.
    const next = (lines[i + 1] ?? '').trimStart();
    if (value === '' && next.startsWith('name:')) value = scalarOf(next.slice('name:'.length));
    return value ? { name, environment: value } : { name };
  }
  return { name };
}

/** ".github/workflows/ci.yml" from "owner/repo/.github/workflows/ci.yml@refs/heads/main". */
export function workflowPathFromRef(ref: string | undefined): string | undefined {
  const match = /^[^/]+\/[^/]+\/(\.github\/workflows\/[^@]+)@/.exec(ref ?? '');
  const file = match?.[1];
  return file && !file.split('/').includes('..') ? file : undefined;
}

/**
 * The line (1-based) of `api-key:` in this step: the step whose `id:` is `stepId` (GITHUB_ACTION, when
 * the step has an id), else the first step that uses this action, else the first `api-key:` at all.
 */
export function findApiKeyLine(source: string, stepId?: string): number | undefined {
  const lines = source.split(/\r?\n/);
  const steps: Array<{ ours: boolean; id?: string; apiKeyLine?: number }> = [];
  let firstApiKey: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    // Indentation is cut first (linearly): `^\s*-?\s*` would try every split of a long run of
    // spaces between its two `\s*` and take quadratic time.
    const line = (lines[i] ?? '').trimStart();
    if (/^-\s+\S/.test(line)) steps.push({ ours: false });
    const step = steps[steps.length - 1];
    const uses = /^(?:-\s*)?uses:\s*['"]?([^'"\s#]+)/.exec(line);
    if (step && uses) step.ours = (uses[1] ?? '').includes('deepseek-preflight') || uses[1] === './' || uses[1] === '.';
    const id = /^(?:-\s*)?id:\s*['"]?([\w-]+)/.exec(line);
    if (step && id?.[1] !== undefined) step.id = id[1];
    if (/^api-key\s*:/.test(line)) {
      firstApiKey ??= i + 1;
      if (step) step.apiKeyLine ??= i + 1;
    }
  }
  const withKey = steps.filter((s) => s.apiKeyLine !== undefined);
  const byId = stepId && !stepId.startsWith('__') ? withKey.find((s) => s.id === stepId) : undefined;
  return (byId ?? withKey.find((s) => s.ours))?.apiKeyLine ?? firstApiKey;
}

/** The lines of the step where each kind of fix goes: its inputs, its `uses:`, and `env:` entries. */
export interface FixLines {
  /** The step's `uses:` line: where an input that is not written would go. */
  readonly uses?: number;
  /** Each input written in the step's `with:`, by name. */
  readonly inputs: Readonly<Record<string, number>>;
  /**
   * Each variable an `env:` sets for this step: the step's own, else the job's, else the
   * workflow's (the runner gives the innermost one), by name.
   */
  readonly env: Readonly<Record<string, number>>;
}

/** The key of a `key: value` line (trimmed), or undefined. */
function keyOf(trimmed: string): string | undefined {
  return /^(?:-\s+)?([A-Za-z_][\w.-]*)\s*:/.exec(trimmed)?.[1];
}

/** The 0-based lines of the block under line `at` (its children: deeper indentation), blank and comment lines skipped. */
function childLines(lines: readonly string[], at: number): number[] {
  const parent = indentOf(lines[at] ?? '');
  const children: number[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const trimmed = l.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (indentOf(l) <= parent) break;
    children.push(i);
  }
  return children;
}

/** The direct children of a mapping at line `at`, by key, with their 1-based line. */
function mappingEntries(lines: readonly string[], at: number): Record<string, number> {
  const children = childLines(lines, at);
  const first = children[0];
  if (first === undefined) return {};
  const depth = indentOf(lines[first] ?? '');
  const entries: Record<string, number> = {};
  for (const i of children) {
    const key = indentOf(lines[i] ?? '') === depth ? keyOf((lines[i] ?? '').trimStart()) : undefined;
    if (key !== undefined && !(key in entries)) entries[key] = i + 1;
  }
  return entries;
}

/** The `env:` entries directly at `indent` within lines [from, to], by variable name. */
function envAt(lines: readonly string[], from: number, to: number, indent: number): Record<string, number> {
  for (let i = from; i <= to; i++) {
    const l = lines[i] ?? '';
    if (indentOf(l) === indent && /^env\s*:\s*(#.*)?$/.test(l.trimStart())) return mappingEntries(lines, i);
  }
  return {};
}

/**
 * Where the fixes of the step around `line` (1-based, a line inside the step, such as `api-key:`)
 * are written: its `uses:`, each input of its `with:`, and the `env:` of the step, its job and the
 * workflow. Block-style YAML as workflows are written; anything else finds no line (the annotation
 * then goes on no line, never on a wrong one).
 */
export function findFixLines(source: string, line: number): FixLines {
  const lines = source.split(/\r?\n/);
  // The step: the nearest `- ` item above whose indentation is below the line's.
  const lineIndent = indentOf(lines[line - 1] ?? '');
  let stepAt = -1;
  for (let i = line - 1; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (/^-\s/.test(l.trimStart()) && indentOf(l) < lineIndent) {
      stepAt = i;
      break;
    }
    if (l.trim() !== '' && !l.trimStart().startsWith('#') && indentOf(l) < lineIndent - 2) break;
  }
  if (stepAt < 0) return { inputs: {}, env: {} };
  const dash = indentOf(lines[stepAt] ?? '');
  const keysIndent = dash + ((lines[stepAt] ?? '').trimStart().length - (lines[stepAt] ?? '').trimStart().slice(1).trimStart().length);
  let stepEnd = stepAt;
  for (let i = stepAt + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    if (indentOf(l) <= dash) break;
    stepEnd = i;
  }
  let uses: number | undefined;
  let inputs: Record<string, number> = {};
  let stepEnv: Record<string, number> = {};
  for (let i = stepAt; i <= stepEnd; i++) {
    const l = lines[i] ?? '';
    const at = i === stepAt ? keysIndent : indentOf(l);
    if (at !== keysIndent) continue;
    const key = keyOf(l.trimStart());
    if (key === 'uses') uses = i + 1;
    if (key === 'with' && /:\s*(#.*)?$/.test(l)) inputs = mappingEntries(lines, i);
    if (key === 'env' && /:\s*(#.*)?$/.test(l)) stepEnv = mappingEntries(lines, i);
  }
  // The job: the block around the `steps:` above the step, at the indentation of `steps:`.
  let stepsAt = -1;
  for (let i = stepAt - 1; i >= 0; i--) {
    if (/^steps\s*:/.test((lines[i] ?? '').trimStart()) && indentOf(lines[i] ?? '') <= dash) {
      stepsAt = i;
      break;
    }
  }
  let jobEnv: Record<string, number> = {};
  if (stepsAt >= 0) {
    const jobIndent = indentOf(lines[stepsAt] ?? '');
    let start = stepsAt;
    while (start > 0 && ((lines[start - 1] ?? '').trim() === '' || indentOf(lines[start - 1] ?? '') >= jobIndent)) start--;
    let end = stepsAt;
    while (end + 1 < lines.length && ((lines[end + 1] ?? '').trim() === '' || indentOf(lines[end + 1] ?? '') >= jobIndent)) end++;
    jobEnv = envAt(lines, start, end, jobIndent);
  }
  const workflowEnv = envAt(lines, 0, lines.length - 1, 0);
  return { ...(uses !== undefined ? { uses } : {}), inputs, env: { ...workflowEnv, ...jobEnv, ...stepEnv } };
}

/** Workflow files are a few KiB; anything far larger is not one, and is not read. */
export const MAX_WORKFLOW_BYTES = 1024 * 1024;

/**
 * The workflow file's text, or undefined unless it is a regular file of at most MAX_WORKFLOW_BYTES.
 * Opened without blocking (a FIFO at that path must not hang the step) and checked on the open
 * handle, so what is read is what was checked (a symlink to /dev/zero is a character device).
 */
async function readWorkflowFile(file: string): Promise<string | undefined> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > MAX_WORKFLOW_BYTES) return undefined;
    // One byte more than allowed: a file that grew since the stat is refused, not cut.
    const buffer = Buffer.alloc(MAX_WORKFLOW_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_WORKFLOW_BYTES) return undefined;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}

export async function locateApiKeyInput(env: Readonly<Record<string, string | undefined>>): Promise<WorkflowLocation | undefined> {
  const file = workflowPathFromRef(env.GITHUB_WORKFLOW_REF);
  if (!file || !env.GITHUB_WORKSPACE) return undefined;
  try {
    const source = await readWorkflowFile(path.join(env.GITHUB_WORKSPACE, file));
    const line = source === undefined ? undefined : findApiKeyLine(source, env.GITHUB_ACTION);
    const secret = source !== undefined && line ? describeApiKeyLine(source, line) : undefined;
    const fixLines = source !== undefined && line ? findFixLines(source, line) : undefined;
    return line ? { file, line, ...(secret ? { secret } : {}), ...(fixLines ? { fixLines } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
