// Points annotations at the line of the workflow file that passes `api-key`, so the error shows up
// on the workflow file itself in the pull request and the run page.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface WorkflowLocation {
  readonly file: string;
  readonly line: number;
}

/** ".github/workflows/ci.yml" from "owner/repo/.github/workflows/ci.yml@refs/heads/main". */
export function workflowPathFromRef(ref: string | undefined): string | undefined {
  const match = /^[^/]+\/[^/]+\/(\.github\/workflows\/[^@]+)@/.exec(ref ?? '');
  const file = match?.[1];
  return file && !file.split('/').includes('..') ? file : undefined;
}

/** The line (1-based) of `api-key:` in the step that uses this action, else the first `api-key:`. */
export function findApiKeyLine(source: string): number | undefined {
  const lines = source.split(/\r?\n/);
  let inOurStep = false;
  let firstApiKey: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*-?\s*uses:/.test(line)) inOurStep = /deepseek-preflight|uses:\s*['"]?\.\/?['"]?\s*$/.test(line);
    if (/^\s*api-key\s*:/.test(line)) {
      if (inOurStep) return i + 1;
      firstApiKey ??= i + 1;
    }
  }
  return firstApiKey;
}

export async function locateApiKeyInput(env: Readonly<Record<string, string | undefined>>): Promise<WorkflowLocation | undefined> {
  const file = workflowPathFromRef(env.GITHUB_WORKFLOW_REF);
  if (!file || !env.GITHUB_WORKSPACE) return undefined;
  try {
    const source = await readFile(path.join(env.GITHUB_WORKSPACE, file), 'utf8');
    const line = findApiKeyLine(source);
    return line ? { file, line } : undefined;
  } catch {
    return undefined;
  }
}
