// Runs the bundled CLI (<dist>/cli/index.js) as a user would: as a child process, with the key in
// the environment or on stdin, optionally on a pseudo-terminal (util-linux `script`).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { DIST_DIR, parseCommands } from './run-action.js';

export const CLI_ENTRY = path.join(DIST_DIR, 'cli', 'index.js');

/** The usage hint as runCli runs the CLI (`node <entry>`, from this process's directory). */
const shownEntry = path.relative(process.cwd(), CLI_ENTRY);
export const HELP_HINT = `Try \`node ${shownEntry.startsWith('..') || path.isAbsolute(shownEntry) ? CLI_ENTRY : shownEntry} --help\`.\n`;

export interface CliRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface CliOptions {
  /** Added to a bare environment (PATH and HOME only, so that no DEEPSEEK_API_KEY or NO_COLOR leaks in). */
  readonly env?: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  readonly stdin?: string;
  /** stdin is a pipe that is never written to nor closed: reading it would wait for ever. */
  readonly holdStdinOpen?: boolean;
  readonly timeoutMs?: number;
  /** Do not throw when the CLI prints something the runner would read as a workflow command. */
  readonly allowCommands?: boolean;
  /** The working directory (the test process's when absent). */
  readonly cwd?: string;
  /** Run this file instead of <dist>/cli/index.js (a link to it, say). */
  readonly entry?: string;
}

/**
 * The CLI runs in workflow `run:` steps too, where the runner reads its stdout and stderr for
 * workflow commands (./run-action.ts models that): it must never print one.
 */
function expectNoCommands(run: CliRun, allow = false): CliRun {
  const found = [...parseCommands(run.stdout), ...parseCommands(run.stderr, 'stderr')];
  if (found.length > 0 && !allow) {
    const list = found.map((c) => `${c.grammar} ${c.command} ${JSON.stringify(c.message.slice(0, 80))} (${c.where})`).join('\n');
    throw new Error(`The CLI printed workflow commands:\n${list}\n--- stdout ---\n${run.stdout.slice(0, 4000)}\n--- stderr ---\n${run.stderr.slice(0, 2000)}`);
  }
  return run;
}

function bareEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...(process.env.SystemRoot !== undefined ? { SystemRoot: process.env.SystemRoot } : {}), ...extra };
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [options.entry ?? CLI_ENTRY, ...args], {
    env: bareEnv(options.env),
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    stdio: [options.stdin === undefined && !options.holdStdinOpen ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  if (options.stdin !== undefined && child.stdin) child.stdin.end(options.stdin);
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(killer);
  child.stdin?.destroy();
  return expectNoCommands({ exitCode, stdout, stderr, durationMs: Date.now() - started }, options.allowCommands);
}

/** util-linux `script`, which runs a command on a pseudo-terminal; absent on macOS and BSDs. */
export const HAS_SCRIPT = process.platform === 'linux' && spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export interface TtyOptions {
  readonly env?: Record<string, string>;
  /** Typed once the output contains `after`. */
  readonly type?: { readonly after: string; readonly text: string };
  readonly timeoutMs?: number;
  readonly allowCommands?: boolean;
}

/**
 * Runs the CLI with stdin, stdout and stderr on a pseudo-terminal. The terminal merges stdout and
 * stderr, and turns "\n" into "\r\n"; the exit code is the CLI's (script -e).
 */
export async function runCliOnTty(args: readonly string[], options: TtyOptions = {}): Promise<CliRun> {
  const command = [process.execPath, CLI_ENTRY, ...args].map(quote).join(' ');
  const started = Date.now();
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: bareEnv({ TERM: 'xterm-256color', ...options.env }), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let typed = false;
  const { type } = options;
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    if (type && !typed && output.includes(type.after)) {
      typed = true;
      child.stdin.write(type.text);
    }
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(killer);
  return expectNoCommands({ exitCode, stdout: output.replace(/\r\n/g, '\n'), stderr, durationMs: Date.now() - started }, options.allowCommands);
}
