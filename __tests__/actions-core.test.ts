// src/action/actions-core.ts imports single modules of @actions/core instead of its index (which
// drags in an OIDC client, all of undici, tunnel and @actions/exec: docs/performance.md). Here: it
// behaves byte for byte like @actions/core for every call the action makes, and the bundle carries
// none of what it leaves out.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { createLog, createOutputs, createSummary, getInput, setSecret } from '../src/action/actions-core.js';
import { DIST_DIR, parseCommands } from './helpers/run-action.js';

type Impl = Pick<typeof core, 'getInput' | 'setSecret' | 'error' | 'warning' | 'info'>;

const identity = (s: string): string => s;
const leanLog = createLog(identity);
/** The lean channels, called the way @actions/core's functions are. */
const lean: Impl = {
  getInput,
  setSecret,
  info: leanLog.info,
  error: (message, properties) => leanLog.error(String(message), properties),
  warning: (message, properties) => leanLog.warning(String(message), properties),
};

/** Like capture, for a write that completes later. */
async function captureAsync(fn: () => Promise<void>): Promise<string> {
  const write = process.stdout.write;
  let stdout = '';
  process.stdout.write = (chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  };
  try {
    await fn();
    return stdout;
  } finally {
    process.stdout.write = write;
  }
}

/** Runs fn with stdout captured and process.exitCode / env restored afterwards. */
function capture(fn: () => void, env: Record<string, string | undefined> = {}): { stdout: string; exitCode: typeof process.exitCode } {
  const write = process.stdout.write;
  const exitCode = process.exitCode;
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  let stdout = '';
  process.stdout.write = (chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    fn();
    return { stdout, exitCode: process.exitCode };
  } finally {
    process.stdout.write = write;
    process.exitCode = exitCode;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const both = (fn: (impl: Impl) => void, env?: Record<string, string | undefined>) => [capture(() => fn(core), env), capture(() => fn(lean), env)];

const NASTY = 'a%b\r\nc:d,e::f %0A';

describe('the lean @actions/core matches @actions/core', () => {
  it('getInput: trimmed, untrimmed, required, names with spaces', () => {
    const env = { 'INPUT_API-KEY': `  sk-x\n`, INPUT_SOME_NAME: ' v ', INPUT_EMPTY: '' };
    for (const [name, options] of [
      ['api-key', undefined],
      ['api-key', { trimWhitespace: false }],
      ['some name', undefined],
      ['missing', undefined],
    ] as const) {
      const [a, b] = both((impl) => process.stdout.write(JSON.stringify(impl.getInput(name, options))), env);
      expect(b).toEqual(a);
    }
    const required = (impl: Impl) => () => capture(() => impl.getInput('empty', { required: true }), env);
    expect(required(lean)).toThrow('Input required and not supplied: empty');
    expect(required(core)).toThrow('Input required and not supplied: empty');
  });

  it('setSecret, info, error, warning: the same workflow commands and exit code', () => {
    const calls: ((impl: Impl) => void)[] = [
      (impl) => impl.setSecret(NASTY),
      (impl) => impl.info(NASTY),
      (impl) => impl.error(NASTY),
      (impl) => impl.error(NASTY, { title: NASTY, file: '.github/workflows/ci.yml', startLine: 7, endLine: 8, startColumn: 1 }),
      (impl) => impl.warning(NASTY, { title: 'Invalid input: x' }),
      (impl) => impl.warning('', {}),
    ];
    for (const call of calls) {
      const [a, b] = both(call);
      expect(b).toEqual(a);
      expect(b!.stdout).not.toBe('');
    }
  });

  it('outputs: the same heredoc in GITHUB_OUTPUT (up to the random delimiter), or the legacy command', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lean-core-'));
    const values = { status: 'ok', message: `two\nlines ${NASTY}`, n: '3' };
    try {
      const file = path.join(dir, 'output');
      writeFileSync(file, '');
      const { stdout } = capture(() => Object.entries(values).forEach(([name, value]) => core.setOutput(name, value)), { GITHUB_OUTPUT: file });
      expect(stdout).toBe('');
      const theirs = readFileSync(file, 'utf8');
      writeFileSync(file, '');
      expect(await captureAsync(() => createOutputs(identity, { GITHUB_OUTPUT: file }).write(values))).toBe('');
      const ours = readFileSync(file, 'utf8');
      const delimiters = (s: string): string => s.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');
      expect(delimiters(ours)).toBe(delimiters(theirs));
      expect(delimiters(ours)).toContain('status<<ghadelimiter_X');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const [theirs] = [capture(() => core.setOutput('status', NASTY), { GITHUB_OUTPUT: undefined })];
    expect(await captureAsync(() => createOutputs(identity, {}).write({ status: NASTY }))).toBe(theirs?.stdout);
  });

  it("summary: appended as @actions/core's summary.addRaw(markdown).write() appends it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lean-core-'));
    try {
      const file = path.join(dir, 'summary');
      writeFileSync(file, 'before\n');
      const saved = process.env.GITHUB_STEP_SUMMARY;
      process.env.GITHUB_STEP_SUMMARY = file;
      try {
        await core.summary.addRaw(`## ${NASTY}\n| a |\n`).write();
      } finally {
        if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
        else process.env.GITHUB_STEP_SUMMARY = saved;
      }
      const theirs = readFileSync(file, 'utf8');
      writeFileSync(file, 'before\n');
      await createSummary(identity, { GITHUB_STEP_SUMMARY: file }).write(`## ${NASTY}\n| a |\n`);
      expect(readFileSync(file, 'utf8')).toBe(theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('each channel redacts with the redactor it was built with, and no other (no state shared between runs)', async () => {
    const hide = (word: string) => (s: string) => s.replaceAll(word, '***');
    const first = createLog(hide('alpha'));
    const second = createLog(hide('beta'));
    const stdout = await captureAsync(async () => {
      first.info('alpha beta');
      second.info('alpha beta');
      first.error('alpha beta', { title: 'alpha' });
      await createOutputs(hide('beta'), {}).write({ message: 'alpha beta' });
    });
    expect(stdout.split('\n').filter(Boolean)).toEqual(['*** beta', 'alpha ***', '::error title=***::*** beta', '::set-output name=message::alpha ***']);
  });

  it('differs from @actions/core only by making text inert: core.info lets a command through, ours does not', () => {
    const hostile = 'Models  pass  "deepseek-chat", "##[error]x", "##[stop-commands]t"\n  ::add-mask::Balance\n#\u200b#[Warning]z';
    const [a, b] = both((impl) => impl.info(hostile));
    expect(parseCommands(a!.stdout).map((c) => c.command)).toEqual(['error', 'add-mask', 'warning']);
    expect(parseCommands(b!.stdout)).toEqual([]);
    expect(b!.stdout).toBe('Models  pass  "deepseek-chat", "## [error]x", "## [stop-commands]t"\n  : :add-mask::Balance\n# #[Warning]z\n');
  });

  it('annotations: one v2 command each, whose message and title carry no second command', () => {
    const { stdout } = capture(() => leanLog.error('said: ##[error]x ::warning::y\n::ERROR::z', { title: 'T ##[add-mask]w', file: '.github/workflows/ci.yml', startLine: 3 }));
    const commands = parseCommands(stdout);
    expect(commands).toEqual([expect.objectContaining({ command: 'error', grammar: 'v2', properties: { title: 'T ## [add-mask]w', file: '.github/workflows/ci.yml', line: '3' } })]);
    expect(commands[0]?.message).toBe('said: ## [error]x ::warning::y\n: :ERROR::z');
    expect(stdout).not.toContain('##[');
  });
});

describe('the action bundle', () => {
  // Markers of what the lean imports leave out; a plain `import … from '@actions/core'`, from
  // 'undici' or from '@actions/github' anywhere in src/action would bring them back.
  const LEFT_OUT = {
    'the OIDC client of @actions/core': 'ACTIONS_ID_TOKEN_REQUEST_URL',
    tunnel: 'TunnelingAgent',
    '@actions/exec': 'class ToolRunner',
    Octokit: 'Octokit',
    "undici's fetch": 'function fetching',
    "undici's WebSocket": 'class WebSocket',
    "undici's mocks": 'class MockAgent',
  };

  const files = readdirSync(DIST_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));

  it.each(Object.entries(LEFT_OUT))('carries none of %s', (_, marker) => {
    expect(files).toContain('index.js');
    const carriers = files.filter((file) => readFileSync(path.join(DIST_DIR, file), 'utf8').includes(marker));
    expect(carriers).toEqual([]);
  });
});
