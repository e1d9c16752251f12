// Runs the committed dist/index.js the way the runner does: inputs as INPUT_* variables, outputs
// and summary through files, workflow commands on stdout. Returns what a user would see.
import type { InputName } from '../../src/core/input/input-table.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// PREFLIGHT_DIST: npm test sets it to a fresh bundle of build/ (scripts/jest-global-setup.mjs); set it to test another.
export const DIST_DIR = process.env.PREFLIGHT_DIST ?? path.join(REPO_ROOT, 'dist');
export const DIST_ENTRY = path.join(DIST_DIR, 'index.js');

export interface WorkflowCommand {
  /** Lower case: the runner compares command names case-insensitively. */
  readonly command: string;
  readonly properties: Record<string, string>;
  readonly message: string;
  /** Which of the runner's parsers read it: `::name::` or the legacy `##[name]`. */
  readonly grammar: 'v2' | 'legacy';
  /** Read while commands were stopped (`stop-commands`): the runner ignores it. */
  readonly ignored: boolean;
  /** The stream and line (1-based) it came from. */
  readonly where: string;
}

export interface ActionRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  /** Every command the runner would read in stdout and stderr, in order. */
  readonly commands: WorkflowCommand[];
  /** The error, warning and notice commands the runner would act on. */
  readonly annotations: WorkflowCommand[];
  /** Commands that are not the action's own (see unexpectedCommands); runAction throws unless asked not to. */
  readonly unexpected: string[];
  /** Everything the runner would show or keep: log, summary, outputs. */
  readonly everything: string;
  readonly durationMs: number;
}

export type Inputs = Partial<Record<InputName, string>>;

// A model of the runner's command parsing, written from actions/runner's ActionCommand.cs and
// ActionCommandManager.cs (not from our code; docs/runner-commands.md): every line of stdout and
// stderr (split at CR, LF, CRLF) is tried as `::name props::data` after trimming leading white
// space, and if that fails as a legacy `##[name props]data` found anywhere in the line. Names are
// compared case-insensitively and only registered ones act. Two ways it is stricter than the
// runner: characters that a culture-sensitive comparison may skip (controls, format characters,
// zero-width ones) are removed first, and every `##[` in a line is tried, not only the first.

/** The commands the runner registers (internal-set-repo-path only for its own plugins). */
export const RUNNER_COMMANDS = new Set([
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'internal-set-repo-path',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
]);

// .NET's Char.IsWhiteSpace, which String.TrimStart() uses.
const DOTNET_LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const SKIPPABLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

const replaceAll = (s: string, pairs: Array<[string, string]>): string => pairs.reduce((v, [from, to]) => v.split(from).join(to), s);
const unescapeV2Data = (s: string): string =>
  replaceAll(s, [
    ['%0D', '\r'],
    ['%0A', '\n'],
    ['%25', '%'],
  ]);
const unescapeV2Property = (s: string): string =>
  replaceAll(s, [
    ['%0D', '\r'],
    ['%0A', '\n'],
    ['%3A', ':'],
    ['%2C', ','],
    ['%25', '%'],
  ]);
const unescapeLegacy = (s: string): string =>
  replaceAll(s, [
    ['%3B', ';'],
    ['%0D', '\r'],
    ['%0A', '\n'],
    ['%5D', ']'],
    ['%25', '%'],
  ]);

/** .NET's Split('=', count: 2, RemoveEmptyEntries) into a property, or nothing. */
function property(pair: string, unescape: (s: string) => string, into: Record<string, string>): void {
  const parts = pair.split(/=(.*)/s).filter((p, i) => i < 2 && p !== '');
  if (parts.length === 2) into[parts[0] ?? ''] = unescape(parts[1] ?? '');
}

function parseV2(line: string, registered: ReadonlySet<string>): Omit<WorkflowCommand, 'ignored' | 'where'> | undefined {
  const message = line.replace(DOTNET_LEADING_SPACE, '');
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (!registered.has(name)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0)
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')
      .filter(Boolean))
      property(pair, unescapeV2Property, properties);
  return { command: name, properties, message: unescapeV2Data(message.slice(end + 2)), grammar: 'v2' };
}

function parseLegacy(line: string, registered: ReadonlySet<string>): Omit<WorkflowCommand, 'ignored' | 'where'> | undefined {
  for (let at = line.indexOf('##['); at >= 0; at = line.indexOf('##[', at + 1)) {
    const rb = line.indexOf(']', at);
    if (rb < 0) return undefined;
    const info = line.slice(at + 3, rb);
    const space = info.indexOf(' ');
    const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
    if (!registered.has(name)) continue;
    const properties: Record<string, string> = {};
    if (space > 0)
      for (const pair of info
        .slice(space + 1)
        .split(';')
        .filter(Boolean))
        property(pair, unescapeLegacy, properties);
    return { command: name, properties, message: unescapeLegacy(line.slice(rb + 1)), grammar: 'legacy' };
  }
  return undefined;
}

/** The workflow commands the runner would read in this output, in order, with stop-commands applied. */
export function parseCommands(output: string, stream = 'stdout'): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  const registered = new Set(RUNNER_COMMANDS);
  let stopToken: string | undefined;
  output.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.replace(SKIPPABLE, '');
    const parsed = parseV2(line, registered) ?? parseLegacy(line, registered);
    if (!parsed) return;
    const where = `${stream} line ${i + 1}`;
    if (stopToken !== undefined) {
      const resumes = stopToken !== '' && parsed.command === stopToken.toLowerCase();
      commands.push({ ...parsed, ignored: !resumes, where });
      if (resumes) {
        registered.delete(stopToken.toLowerCase());
        stopToken = undefined;
      }
      return;
    }
    commands.push({ ...parsed, ignored: false, where });
    if (parsed.command === 'stop-commands') {
      stopToken = parsed.message;
      registered.add(stopToken.toLowerCase());
    }
  });
  return commands;
}

/** The outputs action.yml declares: the only names a `set-output` of ours may carry. */
const OUR_OUTPUTS = new Set(['status', 'ok', 'http-status', 'key-fingerprint', 'balance', 'models', 'message']);
const ANNOTATION_PROPERTIES = new Set(['title', 'file', 'line']);

/**
 * Every command that is not one of the action's own, described: the action masks first (add-mask
 * before any other line), then annotates (error or warning, always titled, with only a title and
 * a place in the workflow file), and writes outputs with `set-output` only when the runner gave no
 * GITHUB_OUTPUT file. It writes no command to stderr.
 */
export function unexpectedCommands(stdout: string, stderr: string, options: { outputFile: boolean }): string[] {
  const problems: string[] = [];
  const lines = stdout.split(/\r\n|\r|\n/);
  const firstOther = lines.findIndex((l) => !l.startsWith('::add-mask::'));
  for (const c of parseCommands(stdout)) {
    const line = Number(/\d+$/.exec(c.where)?.[0]) - 1;
    const describe = (why: string): string => `${why}: ${c.grammar} ${c.command} ${JSON.stringify(c.properties)} ${JSON.stringify(c.message.slice(0, 80))} (${c.where})`;
    const props = Object.keys(c.properties);
    if (c.grammar !== 'v2' || !(lines[line] ?? '').startsWith(`::${c.command}`)) problems.push(describe('not one of ours (not a v2 command at the start of its line)'));
    else if (c.ignored) problems.push(describe('ignored after stop-commands'));
    else if (c.command === 'add-mask') {
      if (firstOther >= 0 && line > firstOther) problems.push(describe('a mask after other output'));
    } else if (c.command === 'error' || c.command === 'warning') {
      if (!c.properties.title || props.some((p) => !ANNOTATION_PROPERTIES.has(p))) problems.push(describe('an annotation without our properties'));
    } else if (c.command === 'set-output') {
      if (options.outputFile || props.join() !== 'name' || !OUR_OUTPUTS.has(c.properties.name ?? '')) problems.push(describe('a set-output that is not our fallback'));
    } else problems.push(describe('a command the action never writes'));
  }
  for (const c of parseCommands(stderr, 'stderr')) problems.push(`a command on stderr: ${c.command} ${JSON.stringify(c.message.slice(0, 80))} (${c.where})`);
  return problems;
}

/** Parses the GITHUB_OUTPUT file: `name<<DELIMITER` heredocs. */
export function parseOutputFile(content: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = content.split(/\r?\n/); // os.EOL: CRLF on Windows
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name = '', delimiter] = match;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

export interface RunOptions {
  readonly env?: Record<string, string>;
  /** Replace the runner environment entirely (beyond PATH). */
  readonly bareEnv?: boolean;
  readonly entry?: string;
  readonly timeoutMs?: number;
  /** Do not throw when the run prints a command that is not one of the action's own. */
  readonly allowUnexpectedCommands?: boolean;
}

export async function runAction(inputs: Inputs, options: RunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-run-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...(process.env.SystemRoot !== undefined ? { SystemRoot: process.env.SystemRoot } : {}), // Windows sockets need SystemRoot
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_ACTOR: 'octocat',
    // What the runner sets for a step that runs this action from its repository, without an `id:`.
    GITHUB_ACTION_REPOSITORY: 'acme/deepseek-preflight',
    GITHUB_ACTION: '__acme_deepseek-preflight',
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const started = Date.now();
  const child = spawn(process.execPath, [options.entry ?? DIST_ENTRY], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 45_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(killer);
  const durationMs = Date.now() - started;
  const outputContent = readFileSync(outputFile, 'utf8');
  const summary = readFileSync(summaryFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const commands = [...parseCommands(stdout), ...parseCommands(stderr, 'stderr')];
  const unexpected = unexpectedCommands(stdout, stderr, { outputFile: Boolean(env.GITHUB_OUTPUT) });
  if (unexpected.length > 0 && !options.allowUnexpectedCommands) {
    throw new Error(`The action printed workflow commands that are not its own:\n${unexpected.join('\n')}\n--- stdout ---\n${stdout.slice(0, 4000)}`);
  }
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(outputContent),
    summary,
    commands,
    annotations: commands.filter((c) => !c.ignored && (c.command === 'error' || c.command === 'warning' || c.command === 'notice')),
    unexpected,
    everything: [stdout, stderr, summary, outputContent].join('\n'),
    durationMs,
  };
}

let startup: Promise<number> | undefined;

/**
 * A bound for the start-up part of a timed run, from this machine as it is now: the slower of two
 * trivial runs of the bundle (no key, skipped: no network), doubled, plus a second of scheduling
 * slack. Measured once per test file. Tight on an idle machine, fair on a loaded one; a test adds
 * the time its scenario should take.
 */
export function startupAllowanceMs(): Promise<number> {
  startup ??= (async () => {
    let slowest = 0;
    for (let i = 0; i < 2; i++) slowest = Math.max(slowest, (await runAction({ 'api-key': '', 'on-missing-key': 'skip' })).durationMs);
    return 1000 + 2 * slowest;
  })();
  return startup;
}
