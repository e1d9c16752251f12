// Opens the workflow file named by GITHUB_WORKFLOW_REF, inside GITHUB_WORKSPACE. Both are
// runner-set, and the workspace holds whatever the checked-out commit holds: a
// `.github/workflows/deploy.yml` (or the whole directory) may be a symlink to a file anywhere, even
// to /proc/self/environ. So the path is resolved to its real path and read only when that lies
// inside the real workspace, as a regular file of bounded size whose content is its size
// (./runner-files.ts): names and values from any other file never reach a channel.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { readRunnerFile } from './runner-files.js';

/** Workflow files are a few KiB; anything far larger is not one, and is not read. */
export const MAX_WORKFLOW_BYTES = 1024 * 1024;

export interface WorkflowSource {
  readonly source: string;
  /** This action's directory relative to the workspace (`.` for its root), when it lies inside it. */
  readonly localActionPath?: string;
}

/** Whether `inner` is `outer` or lies below it (both real, absolute paths). */
function isInside(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/**
 * The workflow file's text, or undefined when it is not a regular file inside the real workspace
 * (after every symlink on its path), of at most MAX_WORKFLOW_BYTES. `actionDir`: this action's own
 * directory, reported relative to the workspace for a step that runs it as a local action.
 */
export async function readWorkflowFile(workspace: string, relativeFile: string, actionDir?: string): Promise<WorkflowSource | undefined> {
  try {
    const root = await realpath(workspace);
    const real = await realpath(path.resolve(root, relativeFile));
    if (!isInside(root, real) || real === root) return undefined;
    const source = await readRunnerFile(real, MAX_WORKFLOW_BYTES);
    const localActionPath = actionDir === undefined ? undefined : await relativeInside(root, actionDir);
    return localActionPath === undefined ? { source } : { source, localActionPath };
  } catch {
    return undefined;
  }
}

async function relativeInside(root: string, dir: string): Promise<string | undefined> {
  try {
    const real = await realpath(dir);
    return isInside(root, real) ? path.relative(root, real).split(path.sep).join('/') || '.' : undefined;
  } catch {
    return undefined;
  }
}
