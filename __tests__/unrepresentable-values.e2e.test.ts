// Values nothing can represent, against the bundled action and CLI with the simulator: malformed
// percent escapes anywhere (server text, model ids, inputs, CLI flags), JWT dates no Date can hold,
// and balances min-balance cannot be compared with. Every run ends with a status, never "could not
// complete", and a min-balance never passes unchecked.
import { DEMO_KEYS, startSimulator } from '../src/simulator/server.js';
import { findLeaks } from './helpers/leaks.js';
import { checkAgainst, makeJwt } from './helpers/simulated.js';
import type { ActionRun } from './helpers/run-action.js';
import { runCli } from './helpers/run-cli.js';

const KEY = DEMO_KEYS.valid;
const BAD_UTF8 = '%F7%BF%BF%BF';

function expectCompleted(run: ActionRun, status: string): void {
  expect(run.everything).not.toContain('could not complete');
  expect(run.everything).not.toMatch(/Invalid code point|Invalid time value/);
  expect(run.outputs.status).toBe(status);
}

describe('malformed percent escapes never crash the step', () => {
  it('a 401 message with an invalid UTF-8 escape is an invalid key', async () => {
    const body = JSON.stringify({ error: { message: `bad key ${BAD_UTF8}` } });
    const { run } = await checkAgainst({ 'api-key': KEY }, { always: { kind: 'status', status: 401, body } });
    expectCompleted(run, 'invalid_key');
  });

  it('a model id above U+10FFFF when decoded, on a good key, is listed', async () => {
    const { run } = await checkAgainst({ 'api-key': KEY }, { accounts: { [KEY]: { models: ['x%F4%90%80%80', 'deepseek-chat'] } } });
    expectCompleted(run, 'ok');
    expect(run.outputs.models).toContain('x%F4%90%80%80');
  });

  it.each([
    ['base-url', `https://gw.example.com/${BAD_UTF8}`],
    ['min-balance', BAD_UTF8],
  ])('input %s with an invalid escape: a clear input error or a status, not a crash', async (input, value) => {
    const { run } = await checkAgainst({ 'api-key': KEY, [input]: value, 'timeout-seconds': '2', retries: '0' });
    expect(run.everything).not.toContain('could not complete');
    expect(run.everything).not.toContain('Invalid code point');
    expect(run.outputs.ok).toBe('false');
  });

  it('CLI --base-url with an invalid escape', async () => {
    const cli = await runCli(['--base-url', `https://gw.example.com/${BAD_UTF8}`, '--timeout-seconds', '2', '--retries', '0'], { env: { DEEPSEEK_API_KEY: KEY } });
    expect(`${cli.stdout}${cli.stderr}`).not.toMatch(/could not complete|Invalid code point/);
  });
});

describe('JWT dates out of range', () => {
  it.each([{ nbf: 10_000_000_000_000 }, { exp: -10_000_000_000_000 }])('%j: an advisory, never "Invalid time value"', async (claims) => {
    const token = makeJwt(claims);
    const { run } = await checkAgainst({ 'api-key': token }, { accounts: { [token]: {} } });
    expectCompleted(run, 'ok');
    expect(run.summary).toContain('The token has an invalid date claim');
  });
});

describe('the other claim is still judged', () => {
  it('an exp no date can hold next to an nbf a day ahead: not valid yet', async () => {
    const token = makeJwt({ exp: -10_000_000_000_000, nbf: Math.floor(Date.now() / 1000) + 86_400 });
    const { run } = await checkAgainst({ 'api-key': token }, { accounts: { [token]: {} } });
    expectCompleted(run, 'expired_token');
  });
});

describe('a balance min-balance cannot be compared with never passes', () => {
  const balanceOf = (total: string): string => `{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":${total},"granted_balance":"0","topped_up_balance":"0"}]}`;
  it.each([['1e-19'], ['"NaN"'], ['"+5"'], ['"1,000.00"'], [`"${'9'.repeat(32)}"`], ['1e+300']])(
    'a CNY balance of %s with min-balance 10 CNY is low_balance, and the Balance row fails',
    async (total) => {
      const { run } = await checkAgainst({ 'api-key': KEY, 'min-balance': '10 CNY' }, { script: { balance: [{ kind: 'status', status: 200, body: balanceOf(total) }] } });
      expectCompleted(run, 'low_balance');
      expect(run.exitCode).toBe(1);
      expect(run.outputs.message).toMatch(/balance could not be compared/i);
      expect(run.stdout).toMatch(/Balance\s+fail/);
    },
  );

  it('without min-balance, the same balance is shown and passes', async () => {
    const { run } = await checkAgainst({ 'api-key': KEY }, { script: { balance: [{ kind: 'status', status: 200, body: balanceOf('"NaN"') }] } });
    expectCompleted(run, 'ok');
  });
});

describe('the CLI redacts what it prints as a whole', () => {
  const SECRET = 'sk-7c3a9e1fb24d4e6a8f0b5c2d9e7a1f36';
  const pieces = SECRET.match(/.{1,7}/g) ?? [];
  it.each([
    ['text', []],
    ['--json', ['--json']],
  ])('balances and model ids of 7-character key slices (%s)', async (_name, flags) => {
    const balances = pieces.flatMap((piece, i) => (i % 2 ? [] : [{ total: piece, currency: pieces[i + 1] ?? 'CNY' }]));
    const sim = await startSimulator({ accounts: { [SECRET]: { balances, models: [...pieces, 'deepseek-chat'] } } });
    try {
      const cli = await runCli(['--base-url', sim.url, '--retries', '0', ...flags], { env: { DEEPSEEK_API_KEY: SECRET } });
      expect(cli.stdout).toMatch(/ok/i);
      expect(findLeaks(`${cli.stdout}\n${cli.stderr}`, [SECRET])).toEqual([]);
      if (flags.length) expect(() => JSON.parse(cli.stdout) as unknown).not.toThrow();
    } finally {
      await sim.close();
    }
  });
});
