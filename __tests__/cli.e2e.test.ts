// The bundled CLI (<dist>/cli/index.js) run as a child process against the simulator on loopback,
// as a person or a script would run it: the key from DEEPSEEK_API_KEY, a pipe or a prompt, the
// action's inputs as flags, human output or --json, and the action's exit codes.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INPUT_TABLE } from '../src/core/input/input-table.js';
import { STATUSES } from '../src/core/verdict/status.js';
import { closestFlag, EXIT, parseCliArgs } from '../src/cli/args.js';
import { useColour } from '../src/cli/colour.js';
import { DEMO_KEYS, startSimulator, type Simulator, type SimulatorOptions } from '../src/simulator/server.js';
import { DIST_DIR, REPO_ROOT, runAction, startupAllowanceMs, type Inputs } from './helpers/run-action.js';
import { CLI_ENTRY, HAS_SCRIPT, HELP_HINT, runCli, runCliOnTty, type CliOptions } from './helpers/run-cli.js';

const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const VALID = DEMO_KEYS.valid;
const ANSI = /\u001b\[/;
const STACK_TRACE = /\n\s+at .+:\d+/;

async function withSimulator<T>(options: SimulatorOptions, fn: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator(options);
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

/** The CLI against a fresh simulator, with the key in DEEPSEEK_API_KEY (when given). */
async function cli(args: readonly string[], key: string | undefined, simOptions: SimulatorOptions = {}, options: CliOptions = {}) {
  return withSimulator(simOptions, async (sim) => {
    const env = { ...(key !== undefined ? { DEEPSEEK_API_KEY: key } : {}), ...options.env };
    const run = await runCli(['--base-url', sim.url, ...args], { ...options, env });
    return { run, sim };
  });
}

function json(stdout: string): Record<string, any> {
  return JSON.parse(stdout) as Record<string, any>;
}

/** Asserts that no form of the key reached the terminal. */
function expectNoKey(run: { stdout: string; stderr: string }, key: string): void {
  expect(run.stdout).not.toContain(key);
  expect(run.stderr).not.toContain(key);
  expect(run.stdout).not.toContain(Buffer.from(`Bearer ${key}`).toString('base64'));
}

describe('where the key comes from', () => {
  it('DEEPSEEK_API_KEY: a working key passes with exit 0 and a readable report', async () => {
    const { run, sim } = await cli([], VALID);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[0]).toMatch(/^✔ .*sk-…a11d works.* {2}\[ok\]$/);
    expect(run.stdout).toMatch(/^ {2}Authentication {2}pass {2}accepted: "GET \/models" answered 200 with the model list; without a key it answers 401$/m);
    expect(run.stdout).toMatch(/^ {2}Balance {9}pass {2}110\.00 CNY$/m);
    expectNoKey(run, VALID);
    expect(sim.requests.map((r) => r.path).sort()).toEqual(['/models', '/user/balance']);
    expect(sim.requests.every((r) => r.authorization === `Bearer ${VALID}`)).toBe(true);
  });

  it.each([
    ['echo (one newline)', `${VALID}\n`],
    ['a CRLF line', `${VALID}\r\n`],
    ['printf %s (no newline)', VALID],
  ])('stdin: a key piped with %s passes', async (_name, input) => {
    const { run, sim } = await cli(['--json'], undefined, {}, { stdin: input });
    expect(run.exitCode).toBe(0);
    expect(json(run.stdout).status).toBe('ok');
    expect(sim.requests.every((r) => r.authorization === `Bearer ${VALID}`)).toBe(true);
  });

  it.each([
    ['a second newline', `${VALID}\n\n`, 'the trailing newline'],
    ['a trailing space before the newline', `${VALID} \n`, 'the trailing space'],
    ['leading spaces', `  ${VALID}\n`, 'the 2 leading spaces'],
  ])('stdin: other whitespace is still reported (%s)', async (_name, input, removal) => {
    const { run, sim } = await cli(['--json'], undefined, {}, { stdin: input });
    expect(run.exitCode).toBe(1);
    const out = json(run.stdout);
    expect(out.status).toBe('malformed_key');
    expect(out.message).toContain(`works once ${removal}`);
    // Only the cleaned key is sent.
    expect(sim.requests.every((r) => r.authorization === `Bearer ${VALID}`)).toBe(true);
  });

  it('DEEPSEEK_API_KEY wins over stdin, and is taken as it is (a newline in it is reported)', async () => {
    const env = await cli(['--json'], DEMO_KEYS.revoked, {}, { stdin: `${VALID}\n` });
    expect(json(env.run.stdout).status).toBe('invalid_key');
    const newline = await cli(['--json'], `${VALID}\n`);
    expect(json(newline.run.stdout).status).toBe('malformed_key');
  });

  it('no key anywhere (stdin not a terminal and empty): missing_key with fixes for a terminal, exit 1, no request', async () => {
    const { run, sim } = await cli([], undefined);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('[missing_key]');
    expect(run.stdout).toContain('DEEPSEEK_API_KEY');
    expect(run.stdout).toContain('| deepseek-preflight');
    expect(run.stdout).not.toContain('${{ secrets');
    expect(sim.requests).toEqual([]);
  });

  it('an empty DEEPSEEK_API_KEY counts as unset', async () => {
    const { run } = await cli(['--json'], '', {}, { stdin: VALID });
    expect(json(run.stdout).status).toBe('ok');
  });

  it.each([
    ['--api-key', 'sk-5e1f0c0de00000000000000000flag'],
    ['--key', 'sk-5e1f0c0de00000000000000000flag'],
    ['--api-key=sk-5e1f0c0de00000000000000000flag'],
    ['--key=sk-5e1f0c0de00000000000000000flag'],
    ['--token', 'x'],
  ])('refuses %s with a clear message and exit 2, without echoing the value or sending anything', async (...flag) => {
    const { run, sim } = await cli(['--models', 'deepseek-chat', ...flag], VALID);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('deepseek-preflight: the key is never taken from a flag (it would land in shell history and process lists). Set DEEPSEEK_API_KEY, pipe the key on stdin');
    expect(run.stderr).not.toContain('flag"');
    expect(run.stderr).not.toContain('00flag');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(sim.requests).toEqual([]);
  });

  it('refuses the key as a bare argument without echoing it', async () => {
    const { run } = await cli([VALID], undefined);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('never the key as an argument');
    expectNoKey(run, VALID);
  });

  it('never prints the key, even when the endpoint echoes it back', async () => {
    for (const args of [[], ['--json']]) {
      const { run } = await cli(args, VALID, { always: { kind: 'echo_key' } });
      expect(run.exitCode).toBe(1);
      expectNoKey(run, VALID);
      expect(run.stdout).toContain('invalid_key');
    }
  });
});

describe('every input as a flag', () => {
  it('accepts all of them at once, in both --flag VALUE and --flag=VALUE forms', async () => {
    const { run } = await cli(
      ['--models', 'deepseek-chat, deepseek-reasoner', '--min-balance=10 CNY', '--timeout-seconds', '5', '--retries=0', '--on-missing-key', 'fail', '--fail-on-outage=false', '--json'],
      VALID,
    );
    expect(run.exitCode).toBe(0);
    expect(json(run.stdout).checks.models).toEqual({ result: 'pass', detail: expect.stringContaining('deepseek-chat') });
    expect(json(run.stdout).checks.balance.result).toBe('pass');
  });

  it('--base-url: a /v1 base and a gateway prefix work; plain http to a remote host is wrong_endpoint', async () => {
    const v1 = await withSimulator({}, (sim) => runCli(['--json', `--base-url=${sim.url}/v1/`], { env: { DEEPSEEK_API_KEY: VALID } }));
    expect(json(v1.stdout).status).toBe('ok');
    const gateway = await withSimulator({ prefix: '/gateway/deepseek' }, (sim) => runCli(['--json', '--base-url', sim.url], { env: { DEEPSEEK_API_KEY: VALID } }));
    expect(json(gateway.stdout).status).toBe('ok');
    const plain = await runCli(['--json', '--base-url', 'http://api.deepseek.com'], { env: { DEEPSEEK_API_KEY: VALID } });
    expect(plain.exitCode).toBe(1);
    expect(json(plain.stdout).status).toBe('wrong_endpoint');
  });

  it('--models: a model the key cannot use is model_unavailable, exit 1', async () => {
    const { run } = await cli(['--models', 'deepseek-chat,deepseek-coder-x'], VALID);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('[model_unavailable]');
    expect(run.stdout).toContain('deepseek-coder-x');
  });

  it('--min-balance: a lower balance is low_balance, exit 1; a lower minimum passes', async () => {
    const low = await cli(['--min-balance', '200 CNY', '--json'], VALID);
    expect(low.run.exitCode).toBe(1);
    expect(json(low.run.stdout)).toMatchObject({ status: 'low_balance', balance: '110.00 CNY' });
    const enough = await cli(['--min-balance', '100'], VALID);
    expect(enough.run.exitCode).toBe(0);
  });

  it('--timeout-seconds bounds a hung endpoint; the outage does not block unless --fail-on-outage', async () => {
    const hung = await cli(['--timeout-seconds', '1', '--json'], VALID, { always: { kind: 'hang' } });
    expect(json(hung.run.stdout)).toMatchObject({ status: 'unreachable', blocking: false, keyJudged: false });
    expect(hung.run.exitCode).toBe(0);
    expect(hung.run.durationMs).toBeLessThan(1000 + (await startupAllowanceMs()));
    const failing = await cli(['--timeout-seconds', '1', '--fail-on-outage'], VALID, { always: { kind: 'hang' } });
    expect(failing.run.exitCode).toBe(1);
    expect(failing.run.stdout).toContain('[unreachable]');
  });

  it('--retries: 0 gives up on the first 503, 1 retries it', async () => {
    // Both requests with the key fail once: an endpoint that answered one of them would have proved
    // nothing while the other failed, which is not an outage (docs/key-proof.md).
    const script: SimulatorOptions = { script: { models: [{ kind: 'server_error' }], balance: [{ kind: 'server_error' }] } };
    const none = await cli(['--retries', '0', '--json'], VALID, script);
    expect(json(none.run.stdout).status).toBe('server_error');
    expect(none.run.exitCode).toBe(0);
    expect(none.sim.requests.filter((r) => r.path === '/models')).toHaveLength(1);
    const one = await cli(['--retries', '1', '--json'], VALID, script);
    expect(json(one.run.stdout).status).toBe('ok');
    expect(one.sim.requests.filter((r) => r.path === '/models')).toHaveLength(2);
  });

  it('--on-missing-key: fail by default (and with auto, there being no fork or Dependabot here), skip on request', async () => {
    for (const args of [[], ['--on-missing-key', 'auto'], ['--on-missing-key=fail']]) {
      const { run } = await cli([...args, '--json'], undefined);
      expect([run.exitCode, json(run.stdout).status]).toEqual([1, 'missing_key']);
    }
    const { run } = await cli(['--on-missing-key', 'skip'], undefined);
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^– Key check skipped\b.* {2}\[skipped\]$/);
  });

  it('--fail-on-outage as a switch or with a value', async () => {
    const always: SimulatorOptions = { always: { kind: 'rate_limited' } };
    for (const [args, code] of [
      [[], 0],
      [['--fail-on-outage'], 1],
      [['--fail-on-outage=true'], 1],
      [['--fail-on-outage=false'], 0],
    ] as const) {
      const { run } = await cli(['--retries', '0', ...args], VALID, always);
      expect([args, run.exitCode]).toEqual([args, code]);
      expect(run.stdout).toContain('[rate_limited]');
    }
  });
});

describe('bad usage', () => {
  // The action's messages for the same values, as its annotations show them: `input: message`.
  async function actionErrors(inputs: Inputs): Promise<string[]> {
    const run = await runAction({ 'api-key': VALID, 'base-url': 'http://127.0.0.1:1', ...inputs });
    expect(run.exitCode).toBe(1);
    return run.annotations.filter((a) => a.command === 'error').map((a) => a.message);
  }

  it.each<[string, Inputs]>([
    ['timeout-seconds not a number', { 'timeout-seconds': 'soon' }],
    ['timeout-seconds out of range', { 'timeout-seconds': '601' }],
    ['retries not whole', { retries: '1.5' }],
    ['retries too many', { retries: '11' }],
    ['on-missing-key not a choice', { 'on-missing-key': 'never' }],
    ['fail-on-outage not a boolean', { 'fail-on-outage': 'yes' }],
    ['models not an id', { models: 'deepseek chat' }],
    ['min-balance not an amount', { 'min-balance': 'ten yuan' }],
    ['several at once', { 'timeout-seconds': '0', retries: '-1', 'min-balance': '5 CNY USD' }],
  ])("%s: the action's message in the terminal's voice, exit 2, no stack trace, nothing sent", async (_name, inputs) => {
    // The same words, except that an example setting is a flag as typed in a shell:
    // `timeout-seconds: 20` -> --timeout-seconds 20, `min-balance: 10 CNY` -> --min-balance '10 CNY'.
    const asFlag = (_: string, name: string, value: string): string => `--${name} ${value.includes(' ') ? `'${value}'` : value}`;
    const expected = (await actionErrors(inputs)).map((m) => m.replace(/`([a-z-]+): ([^`]*)`/g, asFlag));
    expect(expected.length).toBeGreaterThan(0);
    const args = Object.entries(inputs).map(([name, value]) => `--${name}=${value}`);
    const { run, sim } = await cli(args, VALID);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/^deepseek-preflight: --/, ''))).toEqual(expected);
    expect(sim.requests).toEqual([]);
  });

  it('bad values are reported before a key is asked for', async () => {
    // stdin is a pipe that is never closed: reading the key would hang.
    const run = await runCli(['--retries', 'many'], { timeoutMs: 10_000, holdStdinOpen: true });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--retries: "many" is not a whole number');
  });

  it.each([
    [['--bogus'], 'unknown option "--bogus"'],
    [['--bogus=sk-5e1f0c0de0000000000000000000a11d'], 'unknown option "--bogus"'],
    [['--models'], '--models needs a value'],
    [['--base-url', '--models', 'x'], '--base-url needs a value'],
  ])('%j: %s, exit 2', async (args, message) => {
    const run = await runCli(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`deepseek-preflight: ${message}\n${HELP_HINT}`);
    expect(run.stderr).not.toContain('a11d');
  });

  it('--help lists every input of the action as a flag (except the key), exits 0 and reads no key', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await runCli([flag], { stdin: VALID });
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Usage: deepseek-preflight \[options\]/);
      for (const input of INPUT_TABLE) if ('cli' in input) expect(run.stdout).toContain(`--${'flag' in input.cli ? input.cli.flag : input.name}`);
      expect(run.stdout).not.toContain('--api-key');
      expect(run.stdout).toContain('DEEPSEEK_API_KEY');
      expect(run.stdout).toContain('-V, --version');
    }
  });

  it('--help lists every exit code the CLI can end with, one line each, with what it means', async () => {
    const run = await runCli(['--help']);
    const section = run.stdout.split(/^Exit codes:\n/m)[1]?.split('\n\n')[0] ?? '';
    const lines = section.split('\n').map((line) => /^ {2}(\d+) +(\S.*)$/.exec(line));
    expect(lines.map((m) => Number(m?.[1]))).toEqual(Object.values(EXIT));
    expect(section).toMatch(/^ {2}2 +bad usage/m);
    expect(section).toMatch(/^ {2}130 +interrupted \(Ctrl-C\)$/m);
  });

  it.each([
    [['--model', 'deepseek-chat'], 'unknown option "--model". Did you mean --models?'],
    [['--min_balance=5'], 'unknown option "--min_balance". Did you mean --min-balance?'],
    [['--timeout', '5'], 'unknown option "--timeout". Did you mean --timeout-seconds?'],
    [['--retry', '1'], 'unknown option "--retry". Did you mean --retries?'],
    [['--fail-on-outages'], 'unknown option "--fail-on-outages". Did you mean --fail-on-outage?'],
    [['--JSON'], 'unknown option "--JSON". Did you mean --json?'],
    [['-v'], 'unknown option "-v". Did you mean --version?'],
    [['--modle=sk-5e1f0c0de0000000000000000000a11d'], 'unknown option "--modle". Did you mean --models?'],
    [['--verbose'], 'unknown option "--verbose"'],
    [['models', 'deepseek-chat'], 'unexpected argument: this command takes only options, and never the key as an argument. Did you mean --models?'],
    [['--json=yes'], '--json takes no value: write --json (or --json=true, --json=false)'],
    [['--help=1'], '--help takes no value: write --help'],
  ])('%j: %s', async (args, message) => {
    // Run as `node <dist>/cli/index.js` from the directory above the bundle: the hint says that command.
    const run = await runCli(args, { cwd: path.dirname(DIST_DIR) });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`deepseek-preflight: ${message}\nTry \`node ${path.join(path.basename(DIST_DIR), 'cli', 'index.js')} --help\`.\n`);
    expect(run.stderr).not.toContain('a11d');
  });

  it('the hint names the command as it was run: the bin name through the package bin, the path through node', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-bin-'));
    try {
      // What npx and a global install put on PATH: a link named after the package's bin.
      symlinkSync(CLI_ENTRY, path.join(dir, 'deepseek-preflight'));
      const viaBin = await runCli(['--bogus'], { entry: path.join(dir, 'deepseek-preflight'), cwd: dir });
      expect(viaBin.stderr).toContain('Try `deepseek-preflight --help`.');
      const elsewhere = await runCli(['--bogus'], { cwd: dir });
      expect(elsewhere.stderr).toContain(`Try \`node ${CLI_ENTRY} --help\`.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--json=true is --json, --json=false is text (was: unknown option "--json". Did you mean --json?)', async () => {
    const asJson = await runCli(['--json=true', '--retries=many']);
    expect(asJson.exitCode).toBe(2);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ error: 'usage', exitCode: 2 });
    const asText = await runCli(['--json=false', '--retries=many']);
    expect(asText.exitCode).toBe(2);
    expect(asText.stdout).toBe('');
    expect(asText.stderr).toMatch(/^deepseek-preflight: --retries: /);
  });
});

describe('--version', () => {
  it("--version and -V print package.json's version, exit 0, and read no key", async () => {
    for (const flag of ['--version', '-V']) {
      // stdin is a pipe that is never closed: reading the key would hang.
      const run = await runCli([flag], { holdStdinOpen: true, timeoutMs: 10_000 });
      expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, `deepseek-preflight ${PACKAGE_VERSION}\n`, '']);
    }
  });

  it('is baked into the bundle: a copy of it under a package.json that says otherwise still says its own', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-version-'));
    try {
      cpSync(DIST_DIR, path.join(dir, 'dist'), { recursive: true });
      // The nearest package.json of the copy, for anything that would look one up at run time.
      rmSync(path.join(dir, 'dist', 'package.json'));
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'elsewhere', version: '9.9.9', type: 'module' }));
      const run = spawnSync(process.execPath, [path.join(dir, 'dist', 'cli', 'index.js'), '--version'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect([run.status, run.stdout, run.stderr]).toEqual([0, `deepseek-preflight ${PACKAGE_VERSION}\n`, '']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--json: an ending without a diagnosis is JSON too', () => {
  /** The messages the CLI prints on stderr without --json: its lines, without the program name and the hint. */
  function textMessages(stderr: string): string[] {
    return stderr
      .trimEnd()
      .split('\n')
      .filter((line) => !line.startsWith('Try `'))
      .map((line) => line.replace(/^deepseek-preflight: /, ''));
  }

  it.each([
    ['an unknown option', ['--bogus']],
    ['--json as the missing value of a flag', ['--models']],
    ['the key as a flag', ['--api-key=sk-5e1f0c0de00000000000000000flag']],
    ['the key as an argument', [VALID]],
    ['two bad values, told before the key is read', ['--retries=many', '--timeout-seconds=0']],
    ['a bad value told with the key known', ['--min-balance', 'ten thousand yuan please']],
  ])('%s: {error: "usage", messages, exitCode: 2} on stdout, the same messages as without --json, nothing on stderr', async (_name, args) => {
    const text = await runCli(args, { env: { DEEPSEEK_API_KEY: VALID } });
    const run = await runCli([...args, '--json'], { env: { DEEPSEEK_API_KEY: VALID } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('');
    const out = json(run.stdout);
    expect(Object.keys(out)).toEqual(['error', 'messages', 'exitCode']);
    expect(out).toEqual({ error: 'usage', messages: textMessages(text.stderr), exitCode: 2 });
    expect(out.messages.length).toBe(args[0] === '--retries=many' ? 2 : 1);
    expectNoKey(run, VALID);
    expect(run.stdout).not.toContain('00flag');
  });

  it('made inert without changing what it says: a value with "##[" in it', async () => {
    const run = await runCli(['--json', '--retries=##[x'], { holdStdinOpen: true, timeoutMs: 10_000 });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).not.toContain('##[');
    expect(json(run.stdout).messages).toEqual([expect.stringContaining('"##[x" is not a whole number')]);
  });

  it('an unexpected failure: {error: "failed", …, exitCode: 1}, redacted, no stack trace; without --json one line on stderr', async () => {
    // A fault no input can cause, injected with a preload: the clock throws an error that carries
    // the key once the probe runs, as a bug deep in a dependency could.
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-fault-'));
    try {
      const preload = path.join(dir, 'fault.mjs');
      writeFileSync(
        preload,
        `const now = Date.now;\nDate.now = function () { if (/probeDeepSeek/.test(new Error().stack)) throw new Error('boom with ' + process.env.DEEPSEEK_API_KEY + ' inside'); return now(); };\n`,
      );
      const env = { DEEPSEEK_API_KEY: VALID, NODE_OPTIONS: `--import=${preload}` };
      const asJson = await runCli(['--base-url', 'http://127.0.0.1:1', '--json'], { env });
      expect(asJson.exitCode).toBe(1);
      expect(asJson.stderr).toBe('');
      expect(json(asJson.stdout)).toEqual({ error: 'failed', messages: ['boom with *** inside'], exitCode: 1 });
      const text = await runCli(['--base-url', 'http://127.0.0.1:1'], { env });
      expect([text.exitCode, text.stdout, text.stderr]).toEqual([1, '', 'deepseek-preflight could not complete: boom with *** inside\n']);
      for (const run of [asJson, text]) {
        expectNoKey(run, VALID);
        expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the same verdict, outputs and exit code as the action', () => {
  // One row per status: the CLI with the key in DEEPSEEK_API_KEY and the inputs as flags, the action
  // with the same key and inputs, each against a simulator started the same way.
  const scenarios: [string, string, Inputs, SimulatorOptions][] = [
    ['ok', VALID, { models: 'deepseek-chat', 'min-balance': '10 CNY' }, {}],
    ['skipped', '', { 'on-missing-key': 'skip' }, {}],
    ['missing_key', '', {}, {}],
    ['malformed_key', `"${VALID}"`, {}, {}],
    ['malformed_key', 'your-api-key-here', {}, {}],
    ['invalid_key', DEMO_KEYS.revoked, {}, {}],
    ['insufficient_balance', DEMO_KEYS.empty, {}, {}],
    ['low_balance', VALID, { 'min-balance': '500' }, {}],
    ['model_unavailable', VALID, { models: 'deepseek-coder-x' }, {}],
    ['forbidden', VALID, {}, { accounts: { [VALID]: { state: 'forbidden' } } }],
    ['wrong_endpoint', VALID, {}, { always: { kind: 'html', title: 'Sign in' } }],
    ['rate_limited', VALID, { retries: '0' }, { always: { kind: 'rate_limited' } }],
    ['rate_limited', VALID, { retries: '0', 'fail-on-outage': 'true' }, { always: { kind: 'rate_limited' } }],
    ['server_error', VALID, { retries: '0' }, { always: { kind: 'server_error' } }],
    ['unreachable', VALID, { 'timeout-seconds': '1' }, { always: { kind: 'hang' } }],
  ];

  it.each(scenarios)('%s (key %j, inputs %j)', async (status, key, inputs, simOptions) => {
    const action = await withSimulator(simOptions, (sim) => runAction({ 'api-key': key, 'base-url': sim.url, ...inputs }));
    const args = Object.entries(inputs).map(([name, value]) => `--${name}=${value}`);
    const { run } = await cli(['--json', ...args], key === '' ? undefined : key, simOptions);
    expect(action.outputs.status).toBe(status);
    const out = json(run.stdout);
    expect(out.status).toBe(status);
    expect(run.exitCode).toBe(action.exitCode);
    expect(out.blocking).toBe(action.exitCode === 1);
    expect(out.ok).toBe(action.outputs.ok === 'true');
    expect(out.httpStatus === null ? '' : String(out.httpStatus)).toBe(action.outputs['http-status']);
    expect(out.keyFingerprint).toBe(action.outputs['key-fingerprint']);
    expect(out.balance).toBe(action.outputs.balance);
    expect((out.models as string[]).join(',')).toBe(action.outputs.models);
    // `outputs` is exactly what the action sets; only the missing-key message speaks to a terminal.
    if (status === 'missing_key') {
      expect({ ...out.outputs, message: '' }).toEqual({ ...action.outputs, message: '' });
      expect(out.outputs.message).toContain('DEEPSEEK_API_KEY');
    } else {
      expect(out.outputs).toEqual(action.outputs);
    }
    expect(out.message).toBe(out.outputs.message);
    expect(STATUSES).toContain(out.status);
    expect(run.stderr).toBe('');
  });

  it("README's JSON examples (From a terminal) have the keys the CLI writes, in its order", async () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## From a terminal'), readme.indexOf('\n## ', readme.indexOf('## From a terminal') + 1));
    const [diagnosisExample, errorExample] = [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => json(m[1] ?? ''));
    const diagnosis = json((await cli(['--json'], DEMO_KEYS.revoked)).run.stdout);
    expect(Object.keys(diagnosisExample ?? {})).toEqual(Object.keys(diagnosis));
    expect(diagnosisExample).toMatchObject({ status: diagnosis.status, httpStatus: diagnosis.httpStatus, keyFingerprint: diagnosis.keyFingerprint });
    const error = json((await runCli(['--json', '--retries', 'many'])).stdout);
    expect(Object.keys(errorExample ?? {})).toEqual(Object.keys(error));
    // The example shows the first sentence of the real message.
    expect(errorExample?.messages).toEqual([`${String(error.messages[0]).split('. ')[0]}. …`]);
  });

  it('--json is the whole diagnosis, in plain text', async () => {
    const { run } = await cli(['--json', '--models', 'deepseek-chat'], DEMO_KEYS.revoked);
    const out = json(run.stdout);
    expect(Object.keys(out)).toEqual(['status', 'ok', 'blocking', 'httpStatus', 'keyFingerprint', 'balance', 'models', 'message', 'keyJudged', 'checks', 'findings', 'advisories', 'outputs']);
    expect(Object.keys(out.checks)).toEqual(['secret', 'format', 'endpoint', 'authentication', 'balance', 'models']);
    expect(out.checks.authentication).toEqual({ result: 'fail', detail: expect.stringContaining('401') });
    expect(out.findings[0]).toMatchObject({ status: 'invalid_key', title: 'The endpoint rejected the API key', httpStatus: 401 });
    expect(out.findings[0].fix.length).toBeGreaterThan(0);
    expect(run.stdout).not.toMatch(ANSI);
    // Plain text: the Markdown escapes of the job summary do not leak into it.
    expect(out.findings[0].cause).toContain('****dead');
  });
});

describe('colour', () => {
  it('none when stdout is not a terminal', async () => {
    for (const key of [VALID, DEMO_KEYS.revoked]) {
      const { run } = await cli([], key);
      expect(run.stdout).not.toMatch(ANSI);
      expect(run.stderr).not.toMatch(ANSI);
    }
  });

  it('FORCE_COLOR turns it on in a pipe, FORCE_COLOR=0 keeps it off', async () => {
    const forced = await cli([], DEMO_KEYS.revoked, {}, { env: { FORCE_COLOR: '1' } });
    expect(forced.run.stdout).toContain('\u001b[31m✘\u001b[39m');
    const off = await cli([], DEMO_KEYS.revoked, {}, { env: { FORCE_COLOR: '0' } });
    expect(off.run.stdout).not.toMatch(ANSI);
  });

  it('the decision: FORCE_COLOR, then NO_COLOR, then TERM=dumb, then the terminal', () => {
    expect(useColour(true, {})).toBe(true);
    expect(useColour(false, {})).toBe(false);
    expect(useColour(undefined, {})).toBe(false);
    expect(useColour(true, { NO_COLOR: '1' })).toBe(false);
    expect(useColour(true, { NO_COLOR: '' })).toBe(true);
    expect(useColour(true, { TERM: 'dumb' })).toBe(false);
    expect(useColour(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColour(false, { FORCE_COLOR: '' })).toBe(true);
    expect(useColour(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColour(true, { FORCE_COLOR: 'false' })).toBe(false);
    expect(useColour(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  const onTty = HAS_SCRIPT ? it : it.skip;

  onTty('on a terminal (util-linux script): coloured; --json never is', async () => {
    await withSimulator({}, async (sim) => {
      const tty = await runCliOnTty(['--base-url', sim.url], { env: { DEEPSEEK_API_KEY: VALID } });
      expect(tty.exitCode).toBe(0);
      expect(tty.stdout).toMatch(/^\u001b\[32m✔\u001b\[39m \u001b\[1m.*works.*\u001b\[22m {2}\u001b\[2m\[ok\]\u001b\[22m$/m);
      expect(tty.stdout).toContain('\u001b[32mpass\u001b[39m');
      const asJson = await runCliOnTty(['--base-url', sim.url, '--json'], { env: { DEEPSEEK_API_KEY: VALID } });
      expect(asJson.stdout).not.toMatch(ANSI);
      expect(JSON.parse(asJson.stdout).status).toBe('ok');
    });
  });

  onTty('on a terminal with NO_COLOR or TERM=dumb: none', async () => {
    await withSimulator({}, async (sim) => {
      for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }] as Record<string, string>[]) {
        const tty = await runCliOnTty(['--base-url', sim.url], { env: { DEEPSEEK_API_KEY: DEMO_KEYS.revoked, ...env } });
        expect(tty.exitCode).toBe(1);
        expect(tty.stdout).toContain('[invalid_key]');
        expect(tty.stdout).not.toMatch(ANSI);
      }
    });
  });
});

describe('the prompt on a terminal', () => {
  const onTty = HAS_SCRIPT ? it : it.skip;

  onTty('asks for the key without echoing it, then checks it', async () => {
    await withSimulator({}, async (sim) => {
      const run = await runCliOnTty(['--base-url', sim.url, '--json'], { type: { after: 'DeepSeek API key (input hidden): ', text: `${VALID}\r` } });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('DeepSeek API key (input hidden): ');
      expect(run.stdout).not.toContain(VALID);
      expect(run.stdout).toContain('"status": "ok"');
      expect(sim.requests.every((r) => r.authorization === `Bearer ${VALID}`)).toBe(true);
    });
  });

  onTty('an empty answer is missing_key; Ctrl-C cancels with exit 130 and sends nothing', async () => {
    await withSimulator({}, async (sim) => {
      const empty = await runCliOnTty(['--base-url', sim.url], { type: { after: '(input hidden): ', text: '\r' } });
      expect(empty.exitCode).toBe(1);
      expect(empty.stdout).toContain('[missing_key]');
      const cancelled = await runCliOnTty(['--base-url', sim.url], { type: { after: '(input hidden): ', text: 'sk-5e1f\u0003' } });
      expect(cancelled.exitCode).toBe(130);
      expect(cancelled.stdout).not.toMatch(STACK_TRACE);
      expect(cancelled.stdout).not.toContain('sk-5e1f');
      expect(sim.requests).toEqual([]);
    });
  });

  onTty('Ctrl-C with --json: {error: "interrupted", …, exitCode: 130}', async () => {
    await withSimulator({}, async (sim) => {
      const run = await runCliOnTty(['--base-url', sim.url, '--json'], { type: { after: '(input hidden): ', text: 'sk-5e1f\u0003' } });
      expect(run.exitCode).toBe(130);
      // The terminal shows the prompt (stderr) before the JSON (stdout).
      expect(json(run.stdout.slice(run.stdout.indexOf('{')))).toEqual({ error: 'interrupted', messages: ['cancelled at the key prompt'], exitCode: 130 });
      expect(run.stdout).not.toContain('sk-5e1f');
      expect(sim.requests).toEqual([]);
    });
  });
});

describe('closestFlag (pure)', () => {
  const flags = [...INPUT_TABLE.flatMap((input) => ('cli' in input ? [`--${'flag' in input.cli ? input.cli.flag : input.name}`] : [])), '--json', '--version', '--help'];

  it.each(flags)('%s: one letter dropped, doubled, or two swapped, is suggested back', (flag) => {
    const name = flag.slice(2);
    for (const i of [1, Math.floor(name.length / 2), name.length - 1]) {
      expect(closestFlag(`--${name.slice(0, i)}${name.slice(i + 1)}`)).toBe(flag);
      expect(closestFlag(`--${name.slice(0, i)}${name[i] ?? ''}${name.slice(i)}`)).toBe(flag);
      expect(closestFlag(`--${name.slice(0, i - 1)}${name[i] ?? ''}${name[i - 1] ?? ''}${name.slice(i + 1)}`)).toBe(flag);
    }
  });

  it('suggests nothing for what is not near any flag', () => {
    for (const option of ['--verbose', '--quiet', '--dry-run', '-x', '--', '-', '--ab']) expect(closestFlag(option)).toBeUndefined();
  });
});

describe('parseCliArgs (pure)', () => {
  it("maps flags to the action's input names", () => {
    expect(parseCliArgs(['--models', 'a,b', '--min-balance=5', '--fail-on-outage', '--json'])).toEqual({
      ok: true,
      help: false,
      version: false,
      json: true,
      inputs: { models: 'a,b', 'min-balance': '5', 'fail-on-outage': 'true' },
    });
  });

  it('refuses a key flag wherever it is, before any other error', () => {
    for (const argv of [['--api-key=x'], ['--bogus', '--key', 'x'], ['--API_KEY', 'x'], ['--secret=x']]) {
      expect(parseCliArgs(argv)).toEqual({ ok: false, error: expect.stringContaining('never taken from a flag'), json: false });
    }
    // A value that merely contains the word is not a flag.
    expect(parseCliArgs(['--models', 'key']).ok).toBe(true);
  });
});
