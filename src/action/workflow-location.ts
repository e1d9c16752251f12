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

/**
 * The line (1-based) of `api-key:` in this step: the step whose `id:` is `stepId` (GITHUB_ACTION, when
 * the step has an id), else the first step that uses this action, else the first `api-key:` at all.
 */
export function findApiKeyLine(source: string, stepId?: string): number | undefined {
  const lines = source.split(/\r?\n/);
  const steps: Array<{ ours: boolean; id?: string; apiKeyLine?: number }> = [];
  let firstApiKey: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*-\s+\S/.test(line)) steps.push({ ours: false });
    const step = steps[steps.length - 1];
    const uses = /^\s*(?:-\s*)?uses:\s*['"]?([^'"\s#]+)/.exec(line);
    if (step && uses) step.ours = /deepseek-preflight/.test(uses[1] ?? '') || uses[1] === './' || uses[1] === '.';
    const id = /^\s*(?:-\s*)?id:\s*['"]?([\w-]+)/.exec(line);
    if (step && id?.[1] !== undefined) step.id = id[1];
    if (/^\s*api-key\s*:/.test(line)) {
      firstApiKey ??= i + 1;
      if (step) step.apiKeyLine ??= i + 1;
    }
  }
  const withKey = steps.filter((s) => s.apiKeyLine !== undefined);
  const byId = stepId && !stepId.startsWith('__') ? withKey.find((s) => s.id === stepId) : undefined;
  return (byId ?? withKey.find((s) => s.ours))?.apiKeyLine ?? firstApiKey;
}

export async function locateApiKeyInput(env: Readonly<Record<string, string | undefined>>): Promise<WorkflowLocation | undefined> {
  const file = workflowPathFromRef(env.GITHUB_WORKFLOW_REF);
  if (!file || !env.GITHUB_WORKSPACE) return undefined;
  try {
    const source = await readFile(path.join(env.GITHUB_WORKSPACE, file), 'utf8');
    const line = findApiKeyLine(source, env.GITHUB_ACTION);
    return line ? { file, line } : undefined;
  } catch {
    return undefined;
  }
}
