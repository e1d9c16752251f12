// Points annotations at the line of the workflow file that passes `api-key` to THIS step, so the
// error shows up on the workflow file itself in the pull request and the run page. Only a line
// inside the step that runs this action counts: another action's `api-key:`, a reusable workflow's
// caller, a step we cannot tell apart from a sibling — no line, and the annotation goes to the run
// page. Scanning only (pure, linear in the file's size); ./workflow-file.ts opens the file.
import path from 'node:path';
import { readWorkflowFile } from './workflow-file.js';

export interface WorkflowLocation {
  readonly file: string;
  readonly line: number;
  /** What the line says about the secret: its name, and the job's environment (whose secrets it may be). */
  readonly secret?: SecretReference;
  /** Where each kind of fix is written in this step: its inputs, its `uses:`, the `env:` that reach it. */
  readonly fixLines?: FixLines;
}

export interface SecretReference {
  readonly name: string;
  readonly environment?: string;
}

/** Which step runs this action, as the runner describes it (docs/security-model.md). */
export interface StepTarget {
  /** GITHUB_ACTION_REPOSITORY: `owner/name` of this action, when a step runs it from a repository. */
  readonly repository?: string;
  /** For a local action (`uses: ./dir`): this action's directory relative to the workspace, `.` for its root. */
  readonly localPath?: string;
  /** GITHUB_JOB: the id of the job, as written under `jobs:`. */
  readonly job?: string;
  /** GITHUB_ACTION: the step's `id:`, or a name the runner made up (`__owner_repo`, `__owner_repo_2`). */
  readonly action?: string;
}

/** The step that runs this action: where it is, and what it says. Line numbers are 1-based. */
export interface ActionStepBlock {
  /** The job's id (its key under `jobs:`). */
  readonly job: string;
  /** The job's `environment:` (or its `name:`), whose secrets the step reads first. */
  readonly environment?: string;
  /** The step's first line (its `-`) and last significant line. */
  readonly firstLine: number;
  readonly lastLine: number;
  /** The column of the step's own keys (`uses:`, `with:`, `env:`…), 0-based. */
  readonly keyColumn: number;
  readonly usesLine: number;
  readonly uses: string;
  readonly id?: string;
  /** The step's `with:` line, and the column of the keys under it (undefined for a flow map `with: {…}`). */
  readonly withLine?: number;
  readonly withColumn?: number;
  /** The line that passes `api-key` (for a flow map, the `with:` line itself). */
  readonly apiKeyLine?: number;
  /** The secret that line passes, and the job's environment. */
  readonly secret?: SecretReference;
}

// ---- Lines ---------------------------------------------------------------------------------------

interface Line {
  /** Without its indentation (cut with trimStart: linear, unlike `^\s*` followed by more `\s*`). */
  readonly body: string;
  readonly indent: number;
  /** Neither blank nor a comment. */
  readonly significant: boolean;
}

/** One object for every blank line: a file of line breaks costs no allocation per line. */
const BLANK: Line = { body: '', indent: 0, significant: false };

function linesOf(source: string): Line[] {
  const lines: Line[] = [];
  for (const raw of source.split('\n')) {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const body = text.trimStart();
    lines.push(body === '' ? BLANK : { body, indent: text.length - body.length, significant: !body.startsWith('#') });
  }
  return lines;
}

/** A one-line YAML scalar as written: without a trailing comment and the quotes around it. */
function scalarOf(raw: string): string {
  const hash = raw.search(/(?:^|\s)#/);
  const value = (hash < 0 ? raw : raw.slice(0, hash)).trim();
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value.length <= 100 ? value : '';
}

/** `key: value` at the start of `body`: the key and the rest, or undefined. */
function keyOf(body: string): { key: string; value: string } | undefined {
  const match = /^(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_][\w.-]*))[ \t]*:(?:[ \t]+|$)/.exec(body);
  return match ? { key: match[1] ?? match[2] ?? match[3] ?? '', value: body.slice(match[0].length) } : undefined;
}

/** The next significant line at or after `from`, or lines.length. */
function nextSignificant(lines: readonly Line[], from: number): number {
  let i = from;
  while (i < lines.length && !lines[i]?.significant) i++;
  return i;
}

/** The end (exclusive) of the block that starts on line `at`: the next significant line indented `<= indent`. */
function blockEnd(lines: readonly Line[], at: number, indent: number): number {
  let i = at + 1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line?.significant && line.indent <= indent) break;
  }
  return i;
}

/** The keys of the block mapping at `column` in lines [from, to). */
function keysAt(lines: readonly Line[], from: number, to: number, column: number): Map<string, { line: number; value: string }> {
  const keys = new Map<string, { line: number; value: string }>();
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line?.significant || line.indent !== column) continue;
    const key = keyOf(line.body);
    if (key && !keys.has(key.key)) keys.set(key.key, { line: i, value: key.value });
  }
  return keys;
}

// ---- Jobs and steps ------------------------------------------------------------------------------

interface Job {
  readonly id: string;
  readonly environment?: string;
  readonly steps: readonly Step[];
}

interface Step {
  readonly first: number;
  readonly last: number;
  readonly column: number;
  readonly keys: Map<string, { line: number; value: string }>;
}

/** The items of the block sequence under `steps:` (line `at`, the job's keys at `column`). */
function stepsUnder(lines: readonly Line[], at: number, column: number, end: number): Step[] {
  const first = nextSignificant(lines, at + 1);
  const dash = lines[first];
  // A sequence may sit at the same indentation as `steps:` itself.
  if (!dash || first >= end || dash.indent < column || !/^-(?:\s|$)/.test(dash.body)) return [];
  const steps: Step[] = [];
  for (let i = first; i < end;) {
    const line = lines[i];
    if (!line || line.indent !== dash.indent || !/^-(?:\s|$)/.test(line.body)) break;
    const stepEnd = Math.min(end, blockEnd(lines, i, dash.indent));
    const afterDash = line.body.slice(1);
    const inline = afterDash.trimStart();
    // The step's keys: on the dash line after `- `, or on the next line when the dash stands alone.
    const keyColumn = inline !== '' && !inline.startsWith('#') ? line.indent + 1 + (afterDash.length - inline.length) : (lines[nextSignificant(lines, i + 1)]?.indent ?? -1);
    const keys = keysAt(lines, i + 1, stepEnd, keyColumn);
    const onDash = keyOf(inline);
    if (onDash && !keys.has(onDash.key)) keys.set(onDash.key, { line: i, value: onDash.value });
    let last = stepEnd - 1;
    while (last > i && !lines[last]?.significant) last--;
    steps.push({ first: i, last, column: keyColumn, keys });
    i = stepEnd;
  }
  return steps;
}

function environmentOf(lines: readonly Line[], keys: ReadonlyMap<string, { line: number; value: string }>): string | undefined {
  const entry = keys.get('environment');
  if (!entry) return undefined;
  const value = scalarOf(entry.value);
  if (value !== '') return value;
  // `environment:` as a mapping: its `name:` on a deeper line below.
  const next = lines[nextSignificant(lines, entry.line + 1)];
  const name = next && next.indent > (lines[entry.line]?.indent ?? 0) ? keyOf(next.body) : undefined;
  const named = name?.key === 'name' ? scalarOf(name.value) : '';
  return named || undefined;
}

/** Every job under the top-level `jobs:`, with its environment and its steps. */
function jobsOf(lines: readonly Line[]): Job[] {
  const at = lines.findIndex((l) => l.indent === 0 && l.body.startsWith('jobs') && /^jobs[ \t]*:[ \t]*(?:#.*)?$/.test(l.body));
  if (at < 0) return [];
  const end = blockEnd(lines, at, 0);
  const first = nextSignificant(lines, at + 1);
  const column = lines[first]?.indent ?? 0;
  const jobs: Job[] = [];
  for (let i = first; i < end; i++) {
    const line = lines[i];
    if (!line?.significant || line.indent !== column) continue;
    const key = keyOf(line.body);
    if (!key || scalarOf(key.value) !== '') continue;
    const jobEnd = blockEnd(lines, i, column);
    const propsAt = nextSignificant(lines, i + 1);
    const props = keysAt(lines, propsAt, jobEnd, lines[propsAt]?.indent ?? -1);
    const stepsKey = props.get('steps');
    const steps = stepsKey && scalarOf(stepsKey.value) === '' ? stepsUnder(lines, stepsKey.line, lines[stepsKey.line]?.indent ?? 0, jobEnd) : [];
    const environment = environmentOf(lines, props);
    jobs.push({ id: key.key, ...(environment ? { environment } : {}), steps });
    i = jobEnd - 1;
  }
  return jobs;
}

// ---- Which step is ours --------------------------------------------------------------------------

const SECRET_REFERENCE = /\$\{\{\s*secrets(?:\.([A-Za-z_][A-Za-z0-9_]{0,99})|\[\s*'([A-Za-z_][A-Za-z0-9_]{0,99})'\s*\])\s*\}\}/;

/** The secret `${{ secrets.NAME }}` (or `secrets['NAME']`) a value passes, when it passes exactly that. */
function secretNameIn(value: string): string | undefined {
  const match = SECRET_REFERENCE.exec(value);
  return match?.[1] ?? match?.[2];
}

/** Whether `uses:` names this action: `owner/name@ref` of its repository, or the local path of its directory. */
function usesThisAction(uses: string, target: StepTarget): boolean {
  if (target.repository) {
    const at = uses.indexOf('@');
    return at > 0 && uses.slice(0, at).toLowerCase() === target.repository.toLowerCase();
  }
  if (target.localPath !== undefined && uses.startsWith('./')) {
    return path.posix.normalize(uses).replace(/\/+$/, '') === (path.posix.normalize(target.localPath).replace(/\/+$/, '') || '.');
  }
  return false;
}

/**
 * The one step among `candidates` (this action's steps) that the runner is running. A step with an
 * `id:` is named by it in GITHUB_ACTION. Without one, the runner makes a name up from the action
 * (`__owner_repo`), with `_2`, `_3`… for its second, third… unnamed use in the job. Anything that
 * leaves more than one step possible is no step.
 */
function pickStep<S extends { readonly job: string; readonly id?: string }>(candidates: readonly S[], target: StepTarget): S | undefined {
  const action = target.action;
  if (!action) return candidates.length === 1 ? candidates[0] : undefined;
  if (!action.startsWith('__')) {
    const named = candidates.filter((s) => s.id === action);
    return named.length === 1 ? named[0] : undefined;
  }
  const unnamed = candidates.filter((s) => s.id === undefined);
  if (new Set(unnamed.map((s) => s.job)).size !== 1) return undefined;
  if (unnamed.length === 1) return unnamed[0];
  const occurrence = Number(/_(\d+)$/.exec(action)?.[1] ?? '1');
  return unnamed[occurrence >= 2 ? occurrence - 1 : 0];
}

/** The `api-key` entry of a step's `with:`: its line and value, and the column of `with:`'s keys. */
function apiKeyOf(lines: readonly Line[], step: Step): { withLine?: number; withColumn?: number; line?: number; value?: string } {
  const withKey = step.keys.get('with');
  if (!withKey) return {};
  const flow = withKey.value.trim();
  if (flow.startsWith('{')) {
    const at = /[{,]\s*['"]?api-key['"]?\s*:/.exec(flow);
    return at ? { withLine: withKey.line, line: withKey.line, value: flow.slice(at.index + at[0].length) } : { withLine: withKey.line };
  }
  const end = blockEnd(lines, withKey.line, step.column);
  const first = nextSignificant(lines, withKey.line + 1);
  const column = first < end ? (lines[first]?.indent ?? -1) : -1;
  const apiKey = keysAt(lines, first, end, column).get('api-key');
  return { withLine: withKey.line, withColumn: column, ...(apiKey ? { line: apiKey.line, value: apiKey.value } : {}) };
}

/** The step of `source` that runs this action (see StepTarget), or undefined when no single step can be told. */
export function findActionStep(source: string, target: StepTarget): ActionStepBlock | undefined {
  const lines = linesOf(source);
  const candidates = jobsOf(lines)
    .filter((job) => target.job === undefined || job.id === target.job)
    .flatMap((job) =>
      job.steps.flatMap((step) => {
        const uses = step.keys.get('uses');
        const value = uses ? scalarOf(uses.value) : '';
        if (!uses || !usesThisAction(value, target)) return [];
        const id = step.keys.get('id');
        const idValue = id ? scalarOf(id.value) : '';
        return [{ job: job.id, environment: job.environment, step, uses: value, usesLine: uses.line, ...(idValue ? { id: idValue } : {}) }];
      }),
    );
  const ours = pickStep(candidates, target);
  if (!ours) return undefined;
  const { step } = ours;
  const apiKey = apiKeyOf(lines, step);
  const name = apiKey.value === undefined ? undefined : secretNameIn(apiKey.value);
  return {
    job: ours.job,
    ...(ours.environment ? { environment: ours.environment } : {}),
    firstLine: step.first + 1,
    lastLine: step.last + 1,
    keyColumn: step.column,
    usesLine: ours.usesLine + 1,
    uses: ours.uses,
    ...(ours.id ? { id: ours.id } : {}),
    ...(apiKey.withLine !== undefined ? { withLine: apiKey.withLine + 1 } : {}),
    ...(apiKey.withColumn !== undefined && apiKey.withColumn >= 0 ? { withColumn: apiKey.withColumn } : {}),
    ...(apiKey.line !== undefined ? { apiKeyLine: apiKey.line + 1 } : {}),
    ...(name ? { secret: ours.environment ? { name, environment: ours.environment } : { name } } : {}),
  };
}

/** The line (1-based) of `api-key:` in the step that runs this action, if there is one. */
export function findApiKeyLine(source: string, target: StepTarget = {}): number | undefined {
  return findActionStep(source, target)?.apiKeyLine;
}

/** The runner's description of the running step, from its variables; `localPath` from ./workflow-file.ts. */
export function stepTargetFromEnv(env: Readonly<Record<string, string | undefined>>, localPath?: string): StepTarget {
  return {
    ...(env.GITHUB_ACTION_REPOSITORY ? { repository: env.GITHUB_ACTION_REPOSITORY } : localPath !== undefined ? { localPath } : {}),
    ...(env.GITHUB_JOB ? { job: env.GITHUB_JOB } : {}),
    ...(env.GITHUB_ACTION ? { action: env.GITHUB_ACTION } : {}),
  };
}

/**
 * ".github/workflows/ci.yml" from "owner/repo/.github/workflows/ci.yml@refs/heads/main". No `..`
 * segment, whether split at `/` or at `\` (path.join splits at both on Windows).
 */
export function workflowPathFromRef(ref: string | undefined): string | undefined {
  const match = /^[^/]+\/[^/]+\/(\.github\/workflows\/[^@]+)@/.exec(ref ?? '');
  const file = match?.[1];
  return file && !file.split(/[/\\]/).includes('..') ? file : undefined;
}

export async function locateApiKeyInput(env: Readonly<Record<string, string | undefined>>): Promise<WorkflowLocation | undefined> {
  const file = workflowPathFromRef(env.GITHUB_WORKFLOW_REF);
  if (!file || !env.GITHUB_WORKSPACE) return undefined;
  const workflow = await readWorkflowFile(env.GITHUB_WORKSPACE, file, env.GITHUB_ACTION_REPOSITORY ? undefined : actionDirectory(env));
  if (!workflow) return undefined;
  const step = findActionStep(workflow.source, stepTargetFromEnv(env, workflow.localActionPath));
  if (!step?.apiKeyLine) return undefined;
  const fixLines = findFixLines(workflow.source, step.apiKeyLine);
  return { file, line: step.apiKeyLine, ...(step.secret ? { secret: step.secret } : {}), fixLines };
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

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

/** The key of a `key: value` line (trimmed, a step's `- ` allowed), or undefined. */
function plainKeyOf(trimmed: string): string | undefined {
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
    const key = indentOf(lines[i] ?? '') === depth ? plainKeyOf((lines[i] ?? '').trimStart()) : undefined;
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
    const key = plainKeyOf(l.trimStart());
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

/**
 * This action's own directory, for a step that runs it as a local action (`uses: ./…`, where the
 * runner sets no GITHUB_ACTION_REPOSITORY): GITHUB_ACTION_PATH where the runner sets it, else the
 * directory above the running bundle (action.yml's `main: dist/index.js`).
 */
function actionDirectory(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.GITHUB_ACTION_PATH) return env.GITHUB_ACTION_PATH;
  const script = process.argv[1];
  return script ? path.dirname(path.dirname(script)) : undefined;
}
