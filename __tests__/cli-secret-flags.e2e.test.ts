// The key passed in a flag of the bundled CLI, by mistake (`--models "$KEY"`, `--min-balance "$KEY"`,
// `--base-url https://x/$KEY`): a usage error, exit 2, the value never shown, nothing sent. The
// flags are judged once, with the key known, whether it comes from DEEPSEEK_API_KEY or stdin.
import { startSimulator, type Simulator } from '../src/simulator/server.js';
import { HELP_HINT, runCli, type CliOptions, type CliRun } from './helpers/run-cli.js';

const KEY = 'sk-3c1e5a7b9d2f4e6a8c0b1d3f5e7a9c2b';
/** A gateway token: not DeepSeek's shape, so only knowing the key can recognise it. */
const GATEWAY_TOKEN = 'gw-team7-f3a9c1e5b2d4f60a8c4b1d';
/** A gateway token with a word in it that our own messages use ("deepseek-preflight"). */
const WORDY_TOKEN = 'gw-deepseek-team-7f3a9c1e5b2d4f60a8c4';

/** Every run of 8 characters of the key, lower case. */
function keyRuns(key: string): string[] {
  const runs: string[] = [];
  for (let i = 0; i + 8 <= key.length; i++) runs.push(key.slice(i, i + 8).toLowerCase());
  return runs;
}

/** Asserts that no 8 consecutive characters of the key reached the terminal, in any case. */
function expectNothingOfKey(run: CliRun, key: string): void {
  const shown = `${run.stdout}\n${run.stderr}`.toLowerCase();
  expect(keyRuns(key).filter((r) => shown.includes(r))).toEqual([]);
}

async function cliWithSim(args: readonly string[], options: CliOptions, accounts: string[] = [KEY]): Promise<{ run: CliRun; sim: Simulator }> {
  const sim = await startSimulator({ accounts: Object.fromEntries(accounts.map((k) => [k, {}])) });
  try {
    const run = await runCli(
      args.map((a) => a.replace('$SIM', sim.url)),
      options,
    );
    return { run, sim };
  } finally {
    await sim.close();
  }
}

const FLAGS: Array<[string, (key: string) => string[]]> = [
  ['--models KEY', (k) => ['--models', k]],
  ['--models=KEY', (k) => [`--models=${k}`]],
  ['--models with the key in a list', (k) => ['--models', `deepseek-v4-pro,${k}`]],
  ['--min-balance KEY', (k) => ['--min-balance', k]],
  ['--min-balance "KEY CNY"', (k) => ['--min-balance', `${k} CNY`]],
  ['--base-url https://x/KEY', (k) => ['--base-url', `https://x.example/${k}`]],
  ['--base-url with the key as a query', (k) => ['--base-url', `https://x.example/v1?api_key=${k}`]],
  ['--timeout-seconds KEY', (k) => ['--timeout-seconds', k]],
  ['--retries KEY', (k) => ['--retries', k]],
  ['--on-missing-key KEY', (k) => ['--on-missing-key', k]],
  ['--fail-on-outage=KEY', (k) => [`--fail-on-outage=${k}`]],
];

describe('the key in a flag is a usage error that never shows it', () => {
  it.concurrent.each(FLAGS)('%s, key from DEEPSEEK_API_KEY', async (_name, flags) => {
    const { run, sim } = await cliWithSim(['--base-url', '$SIM', ...flags(KEY)], { env: { DEEPSEEK_API_KEY: KEY } });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^deepseek-preflight: --[a-z-]+: the value contains an API key, so it is not shown\. The key is never taken from a flag/);
    expect(run.stderr).not.toMatch(/could not complete|inputs changed|\n\s+at /);
    expectNothingOfKey(run, KEY);
    expect(sim.requests).toEqual([]);
  });

  it.concurrent.each(FLAGS.filter(([name]) => /models KEY|min-balance KEY|base-url https/.test(name)))('%s, key piped on stdin', async (_name, flags) => {
    const { run, sim } = await cliWithSim(['--base-url', '$SIM', ...flags(KEY)], { stdin: `${KEY}\n` });
    expect(run.exitCode).toBe(2);
    expectNothingOfKey(run, KEY);
    expect(sim.requests).toEqual([]);
  });

  it.concurrent.each(FLAGS.filter(([name]) => /models KEY|min-balance KEY|base-url https|retries/.test(name)))('%s, a gateway token from DEEPSEEK_API_KEY', async (_name, flags) => {
    const { run, sim } = await cliWithSim(['--base-url', '$SIM', ...flags(GATEWAY_TOKEN)], { env: { DEEPSEEK_API_KEY: GATEWAY_TOKEN } }, [GATEWAY_TOKEN]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('not shown');
    expectNothingOfKey(run, GATEWAY_TOKEN);
    expect(sim.requests).toEqual([]);
  });

  it.concurrent.each(FLAGS.filter(([name]) => /models KEY|min-balance KEY|base-url https|timeout/.test(name)))('%s, and no key anywhere else: recognised by its shape', async (_name, flags) => {
    const { run, sim } = await cliWithSim(['--base-url', '$SIM', ...flags(KEY)], {});
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('contains an API key');
    expectNothingOfKey(run, KEY);
    expect(sim.requests).toEqual([]);
  });

  it.concurrent('a flag with a few characters of the key is used, and they are not shown', async () => {
    const part = KEY.slice(5, 20);
    const { run, sim } = await cliWithSim(['--base-url', '$SIM', '--models', `deepseek-v4-pro,m.${part}`], { env: { DEEPSEEK_API_KEY: KEY } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('model_unavailable');
    expectNothingOfKey(run, KEY);
    expect(sim.requests.length).toBeGreaterThan(0);
  });

  it.concurrent('a key that contains "deepseek" leaves --models deepseek-v4-pro usable', async () => {
    const { run } = await cliWithSim(['--base-url', '$SIM', '--models', 'deepseek-v4-pro', '--json'], { env: { DEEPSEEK_API_KEY: WORDY_TOKEN } }, [WORDY_TOKEN]);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe('ok');
  });

  it.concurrent.each(FLAGS.filter(([name]) => /models KEY|min-balance "KEY|base-url https:\/\/x\/KEY|fail-on-outage/.test(name)))(
    '%s with --json: a JSON usage error that never shows it',
    async (_name, flags) => {
      const { run, sim } = await cliWithSim(['--base-url', '$SIM', ...flags(KEY), '--json'], { env: { DEEPSEEK_API_KEY: KEY } });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({
        error: 'usage',
        messages: [expect.stringMatching(/^--[a-z-]+: the value contains an API key, so it is not shown\. The key is never taken from a flag/)],
        exitCode: 2,
      });
      expectNothingOfKey(run, KEY);
      expect(sim.requests).toEqual([]);
    },
  );

  it.concurrent('a short bad value is still reported before the key is read', async () => {
    const run = await runCli(['--retries', 'many'], { timeoutMs: 10_000, holdStdinOpen: true });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('deepseek-preflight: --retries: "many" is not a whole number. Write a whole number from 0 to 10, such as --retries 2.\n');
  });
});

// The key pasted where an option's name goes (`-$KEY`, `--$TOKEN=…`): the error comes before the key
// is read, so the key is not known to recognise it; a name that does not read as an option name
// (letters and single dashes, short) is not shown at all.
const OPTION_NAMES: Array<[string, (key: string) => string[]]> = [
  ['-KEY', (k) => [`-${k}`]],
  ['--KEY', (k) => [`--${k}`]],
  ['--KEY=VALUE', (k) => [`--${k}=5`]],
  ['--KEY after a good flag', (k) => ['--retries', '1', `--${k}`]],
];

describe('the key as an option name is never shown', () => {
  it.concurrent.each(OPTION_NAMES.flatMap(([name, args]) => [KEY, GATEWAY_TOKEN].flatMap((key) => [[name, key, args(key)] as const, [`${name} --json`, key, [...args(key), '--json']] as const])))(
    '%s (%s)',
    async (name, key, args) => {
      const run = await runCli(args, {});
      expect(run.exitCode).toBe(2);
      const messages: unknown = name.endsWith('--json') ? (JSON.parse(run.stdout) as { messages: unknown }).messages : run.stderr;
      expect(JSON.stringify(messages)).toContain('unknown option (not shown: it does not read as an option name, and could hold the key)');
      expectNothingOfKey(run, key);
    },
  );

  it.concurrent('an option name is shown when it reads as one', async () => {
    const run = await runCli(['--min-balanse=sk-3c1e5a7b9d2f4e6a8c0b1d3f5e7a9c2b'], {});
    expect(run.stderr).toBe(`deepseek-preflight: unknown option "--min-balanse". Did you mean --min-balance?\n${HELP_HINT}`);
  });
});
