// Points annotations at the line of the workflow file that passes `api-key`, so the error shows up
// on the workflow file itself in the pull request and the run page.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';

export interface WorkflowLocation {
  readonly file: string;
  readonly line: number;
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
    return line ? { file, line, ...(secret ? { secret } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
