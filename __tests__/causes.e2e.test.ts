// Every cause beyond a 401, each through the committed dist/ against the simulator reproducing the
// fault for real: status, exit code, annotation, and what the summary tells the user.
import { DEMO_KEYS } from '../src/simulator/server.js';
import { checkAgainst, closedPort, makeJwt, withSimulator } from './helpers/simulated.js';
import { runAction, startupAllowanceMs } from './helpers/run-action.js';

const VALID = DEMO_KEYS.valid;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('account', () => {
  it('402 from any probe is insufficient_balance, pointing at the top-up page', async () => {
    const key = 'sk-00000000000000000000000000000402';
    const { run } = await checkAgainst({ 'api-key': key }, { accounts: { [key]: { state: 'insufficient' } } });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'insufficient_balance', 'http-status': '402' });
    expect(run.annotations[0]).toMatchObject({ command: 'error', properties: { title: 'The DeepSeek account has no balance' } });
    expect(run.summary).toContain('https://platform.deepseek.com/top_up');
  });

  it('is_available: false is insufficient_balance, with the balance per currency', async () => {
    const { run } = await checkAgainst({ 'api-key': DEMO_KEYS.empty });
    expect(run.outputs).toMatchObject({ status: 'insufficient_balance', balance: '0.00 CNY', 'http-status': '200' });
    expect(run.summary).toContain('is_available: false');
  });

  it.each([
    ['200', 'low_balance', '"min-balance: 200" names no currency, so it was compared with each currency the account has: 110.00 CNY is below it.'],
    ['110.001', 'low_balance', '"min-balance: 110.001" names no currency, so it was compared with each currency the account has: 110.00 CNY is below it.'],
    ['110', 'ok', undefined],
    ['110.00 CNY', 'ok', undefined],
    ['5 USD', 'low_balance', 'the account has no USD balance: it has 110.00 CNY'],
  ])('min-balance %s → %s, comparing exactly per currency', async (minBalance, status, words) => {
    const { run } = await checkAgainst({ 'api-key': VALID, 'min-balance': minBalance });
    expect(run.outputs.status).toBe(status);
    expect(run.exitCode).toBe(status === 'ok' ? 0 : 1);
    if (words) expect(run.annotations[0]?.message).toContain(words);
  });

  it('shows several currencies as the server wrote them, without float noise', async () => {
    const key = 'sk-0000000000000000000000000000cafe';
    const { run } = await checkAgainst(
      { 'api-key': key, 'min-balance': '0.3 USD' },
      {
        accounts: {
          [key]: {
            balances: [
              { currency: 'CNY', total: '0.10' },
              { currency: 'USD', total: '0.20' },
            ],
          },
        },
      },
    );
    expect(run.outputs.balance).toBe('0.10 CNY, 0.20 USD');
    expect(run.outputs.status).toBe('low_balance');
    expect(run.everything).not.toMatch(/0\.30000000000000004|0\.2000000/);
  });

  it('403 is forbidden, with the message escaped', async () => {
    const key = 'sk-00000000000000000000000000000403';
    const { run } = await checkAgainst({ 'api-key': key }, { accounts: { [key]: { state: 'forbidden' } } });
    expect(run.outputs).toMatchObject({ status: 'forbidden', 'http-status': '403' });
    expect(run.summary).toContain('`Access denied in your region`');
  });
});

describe('models', () => {
  it('names each missing model and lists the available ones', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, models: 'deepseek-v4-pro, deepseek-v9\ndeepseek-coder' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('model_unavailable');
    expect(run.annotations[0]?.properties.title).toBe('2 required models are not available');
    expect(run.annotations[0]?.message).toContain('Not offered to this key: "deepseek-v9", "deepseek-coder". Offered: "deepseek-v4-pro", "deepseek-flash"');
  });

  it('warns, without blocking, when a required model is one DeepSeek announced as deprecated', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, models: 'deepseek-chat' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('ok');
    expect(run.annotations).toEqual([expect.objectContaining({ command: 'warning', properties: { title: 'Model deepseek-chat is deprecated' } })]);
    expect(run.annotations[0]?.message).toContain('"deepseek-v4-pro"');
  });

  it('a deprecated model that is gone is model_unavailable and says it was deprecated', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, models: 'deepseek-reasoner' }, { accounts: { [VALID]: { models: ['deepseek-v4-pro'] } } });
    expect(run.outputs.status).toBe('model_unavailable');
    expect(run.annotations[0]?.message).toContain('DeepSeek has deprecated "deepseek-reasoner": it stops being offered on 2026-07-24.');
  });
});

describe('tokens (JWT)', () => {
  it('an expired JWT is expired_token, before any request, saying how long ago', async () => {
    const token = makeJwt({ sub: 'ci', exp: nowSeconds() - 3 * 86400 - 60 });
    const { run, sim } = await checkAgainst({ 'api-key': token });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('expired_token');
    expect(run.annotations[0]?.message).toContain('expired 3 days ago');
    expect(sim.requests).toEqual([]);
  });

  it('a JWT not valid yet (nbf in the future) is expired_token', async () => {
    const token = makeJwt({ nbf: nowSeconds() + 7200, exp: nowSeconds() + 86400 * 30 });
    const { run } = await checkAgainst({ 'api-key': token });
    expect(run.outputs.status).toBe('expired_token');
    expect(run.annotations[0]?.properties.title).toBe('The token is not valid yet');
  });

  it('a JWT expiring within a week passes with a warning saying when', async () => {
    const token = makeJwt({ exp: nowSeconds() + 2 * 86400 + 600 });
    const { run } = await checkAgainst({ 'api-key': token }, { accounts: { [token]: {} } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('ok');
    expect(run.annotations).toEqual([expect.objectContaining({ command: 'warning', properties: { title: 'The token expires soon' } })]);
    expect(run.annotations[0]?.message).toContain('expires in 2 days');
  });

  it('a JWT far from expiry is probed like any key', async () => {
    const token = makeJwt({ exp: nowSeconds() + 90 * 86400 });
    const { run } = await checkAgainst({ 'api-key': token }, { accounts: { [token]: {} } });
    expect(run.outputs.status).toBe('ok');
    expect(run.annotations).toEqual([]);
  });
});

describe('endpoint', () => {
  it.each([
    ['not a URL', 'api.deepseek.com', 'is not a URL'],
    ['plain http to a remote host', 'http://api.deepseek.com', 'unencrypted, so it was not sent'],
    ['an endpoint path', 'https://api.deepseek.com/chat/completions', 'Write "base-url: https://api.deepseek.com"'],
    ['an endpoint path with /v1', 'https://api.deepseek.com/v1/models', 'Write "base-url: https://api.deepseek.com/v1"'],
    ["OpenAI's base URL", 'https://api.openai.com/v1', 'points at OpenAI'],
    ["DeepSeek's Anthropic surface", 'https://api.deepseek.com/anthropic', 'Anthropic-compatible surface'],
    ['credentials in the URL', 'https://user:hunter22@api.deepseek.com', 'user name or password'],
  ])('%s is wrong_endpoint, and the key is not sent', async (_name, baseUrl, words) => {
    const { run } = await checkAgainst({ 'api-key': VALID, 'base-url': baseUrl });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.outputs['http-status']).toBe('');
    expect(run.annotations[0]?.message).toContain(words);
    expect(run.everything).not.toContain('hunter22');
  });

  it('a 404 is wrong_endpoint', async () => {
    const { run } = await withSimulator({}, async (sim) => ({ run: await runAction({ 'api-key': VALID, 'base-url': `${sim.url}/api/v3` }) }));
    expect(run.outputs).toMatchObject({ status: 'wrong_endpoint', 'http-status': '404' });
    expect(run.annotations[0]?.message).toContain('answered 404 Not Found');
  });

  it('an HTML login page is wrong_endpoint, naming the page', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID }, { always: { kind: 'html', title: 'Sign in – Corporate SSO' } });
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.annotations[0]?.message).toContain('HTML page titled "Sign in – Corporate SSO"');
  });

  it('a redirect is reported with its target and never followed with the key', async () => {
    await withSimulator({}, async (target) => {
      const { run, sim } = await checkAgainst({ 'api-key': VALID }, { always: { kind: 'redirect', location: `${target.url}/models` } });
      expect(run.outputs).toMatchObject({ status: 'wrong_endpoint', 'http-status': '301' });
      expect(run.annotations[0]?.message).toContain(`a redirect to "${target.url}/models"`);
      expect(sim.requests).toHaveLength(2);
      expect(target.requests).toEqual([]);
    });
  });

  it("OpenAI's 401 message through a gateway is wrong_endpoint, not invalid_key", async () => {
    const { run } = await checkAgainst(
      { 'api-key': VALID },
      { always: { kind: 'hostile_message', message: 'Incorrect API key provided: sk-5e1f*****a11d. You can find your API key at https://platform.openai.com/account/api-keys.' } },
    );
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.annotations[0]?.properties.title).toBe('base-url leads to OpenAI, not DeepSeek');
  });

  it('a gateway without /user/balance still passes, saying the balance was not checked', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID }, { script: { balance: [{ kind: 'status', status: 404, body: '{"detail":"Not Found"}' }] } });
    expect(run.outputs.status).toBe('ok');
    expect(run.outputs.balance).toBe('');
    expect(run.annotations).toEqual([expect.objectContaining({ command: 'warning', properties: { title: 'Balance not available at this endpoint' } })]);
  });
});

describe('outages', () => {
  it('blank-line keep-alives before the JSON body are parsed through', async () => {
    const { run } = await checkAgainst(
      { 'api-key': VALID },
      { script: { models: [{ kind: 'keepalive', blankLines: 5, intervalMs: 50 }], balance: [{ kind: 'keepalive', blankLines: 3, intervalMs: 50 }] } },
    );
    expect(run.outputs.status).toBe('ok');
    expect(run.outputs.models).toContain('deepseek-v4-pro');
  });

  it('a 429 with Retry-After is retried after the wait the server asked for', async () => {
    const { run, sim } = await checkAgainst({ 'api-key': VALID }, { script: { models: [{ kind: 'rate_limited', retryAfter: '1' }] } });
    expect(run.outputs.status).toBe('ok');
    const models = sim.requests.filter((r) => r.path === '/models');
    expect(models).toHaveLength(2);
    expect((models[1]?.at ?? 0) - (models[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('persistent 429 is rate_limited: a warning by default, an error with fail-on-outage', async () => {
    const always = { kind: 'rate_limited', retryAfter: '0' } as const;
    const warn = await checkAgainst({ 'api-key': VALID, retries: '1' }, { always });
    expect(warn.run.exitCode).toBe(0);
    expect(warn.run.outputs).toMatchObject({ status: 'rate_limited', ok: 'false', 'http-status': '429' });
    expect(warn.run.annotations[0]?.command).toBe('warning');
    expect(warn.run.summary).toContain('The secret itself was not judged');
    // The simulator is not DeepSeek's host: its 429 is the endpoint's, and DeepSeek's status page says nothing about it.
    expect(warn.run.summary).not.toContain('https://status.deepseek.com');
    expect(warn.run.annotations[0]?.properties.title).toBe('127.0.0.1 is rate-limiting this key');
    expect(warn.sim.requests.filter((r) => r.path === '/models')).toHaveLength(2);
    const block = await checkAgainst({ 'api-key': VALID, retries: '1', 'fail-on-outage': 'true' }, { always });
    expect(block.run.exitCode).toBe(1);
    expect(block.run.annotations[0]?.command).toBe('error');
  });

  it('a Retry-After beyond the deadline is not waited for', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, 'timeout-seconds': '3' }, { always: { kind: 'rate_limited', retryAfter: '120' } });
    expect(run.outputs.status).toBe('rate_limited');
    expect(run.annotations[0]?.message).toContain('asked to wait 120 s, beyond the deadline');
    expect(run.durationMs).toBeLessThan(await startupAllowanceMs());
  });

  it('5xx is retried, then server_error; a transient 500 recovers', async () => {
    const persistent = await checkAgainst({ 'api-key': VALID, retries: '2' }, { always: { kind: 'server_error', status: 503 } });
    expect(persistent.run.outputs).toMatchObject({ status: 'server_error', 'http-status': '503' });
    expect(persistent.run.exitCode).toBe(0);
    expect(persistent.sim.requests.filter((r) => r.path === '/models')).toHaveLength(3);
    const transient = await checkAgainst({ 'api-key': VALID }, { script: { models: [{ kind: 'server_error', status: 500 }] } });
    expect(transient.run.outputs.status).toBe('ok');
  });

  it('a hung server is unreachable once timeout-seconds has passed', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, 'timeout-seconds': '1.5' }, { always: { kind: 'hang' } });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations[0]?.message).toContain('within timeout-seconds (1.5 s)');
    expect(run.durationMs).toBeLessThan(1500 + (await startupAllowanceMs()));
  });

  it('a connection reset is unreachable, named as such', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, retries: '0' }, { always: { kind: 'reset' } });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations[0]?.message).toMatch(/closed before a complete answer/);
  });

  it('a refused connection is unreachable', async () => {
    const port = await closedPort();
    const run = await runAction({ 'api-key': VALID, 'base-url': `http://127.0.0.1:${port}`, retries: '1' });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations[0]?.message).toContain('The connection to "127.0.0.1" was refused after 2 attempts: nothing is listening there.');
    expect(run.exitCode).toBe(0);
  });
});

describe('keys with common words in them', () => {
  it('a token containing "deepseek" does not make models or the default base-url suspect, nor hide model ids', async () => {
    const token = 'sk-deepseek-proxy-7f3a9c2b1d8e4f6a0b7c9e2d';
    const { run } = await checkAgainst({ 'api-key': token, models: 'deepseek-v4-pro' }, { accounts: { [token]: {} } });
    expect(run.outputs.status).toBe('ok');
    expect(run.exitCode).toBe(0);
  });
});

describe('the runner environment', () => {
  it('a summary that cannot be written is a titled warning, not a changed verdict', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID }, {}, { env: { GITHUB_STEP_SUMMARY: '/nonexistent/dir/summary' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'ok', ok: 'true' });
    expect(run.annotations).toEqual([expect.objectContaining({ command: 'warning', properties: { title: 'No job summary' } })]);
  });

  it('a key in brackets is masked and cleaned', async () => {
    const { run } = await checkAgainst({ 'api-key': `<${VALID}>` });
    expect(run.commands.filter((c) => c.command === 'add-mask').map((c) => c.message)).toEqual(expect.arrayContaining([`<${VALID}>`, VALID]));
    expect(run.outputs.message).toContain('works once the surrounding brackets');
  });
});

describe('several things wrong at once', () => {
  it('lists every finding, the most urgent first: revoked before outage', async () => {
    // The 503 arrives first; the 401 after 300 ms of keep-alive lines.
    const { run } = await checkAgainst(
      { 'api-key': DEMO_KEYS.revoked, retries: '0' },
      { script: { balance: [{ kind: 'server_error', status: 503 }], models: [{ kind: 'keepalive', blankLines: 3, intervalMs: 100 }] } },
    );
    expect(run.outputs.status).toBe('invalid_key');
    expect(run.annotations.map((a) => a.properties.title)).toEqual(['The endpoint rejected the API key', '127.0.0.1 answered 503']);
    expect(run.summary.indexOf('The endpoint rejected the API key')).toBeLessThan(run.summary.search(/127\\?\.0\\?\.0\\?\.1 answered 503/));
  });

  it('a 401 does not wait for the other request: a hung balance is abandoned, not reported', async () => {
    const { run } = await checkAgainst({ 'api-key': DEMO_KEYS.revoked, 'timeout-seconds': '10' }, { script: { balance: [{ kind: 'hang' }] } });
    expect(run.outputs.status).toBe('invalid_key');
    expect(run.annotations.map((a) => a.properties.title)).toEqual(['The endpoint rejected the API key']);
    expect(run.summary).toMatch(/\| Balance \| ➖ skipped \| not checked: the request was refused \|/);
    expect(run.durationMs).toBeLessThan(await startupAllowanceMs());
  });

  it('the key works but the balance endpoint is down: the key is judged, the balance is not', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, retries: '0' }, { script: { balance: [{ kind: 'server_error', status: 503 }] } });
    expect(run.outputs.status).toBe('server_error');
    expect(run.exitCode).toBe(0);
    expect(run.summary).toContain('| Authentication | ✅ pass | accepted: `GET /models` answered 200 with the model list; without a key it answers 401 |');
    expect(run.summary).toMatch(/\| Balance \| ⚠️ warn \| not checked: 127\\?\.0\\?\.0\\?\.1 answered 503 \|/);
    expect(run.summary).toContain('The key works; part of the check could not be done');
    expect(run.summary).not.toContain('The secret itself was not judged');
  });

  it('a balance in an unexpected shape is said, and min-balance is said to be unchecked', async () => {
    const key = 'sk-00000000000000000000000000000bad';
    const { run } = await checkAgainst({ 'api-key': key, 'min-balance': '1000 CNY' }, { accounts: { [key]: {} }, script: { balance: [{ kind: 'status', status: 200, body: '{"balance":"lots"}' }] } });
    expect(run.outputs.status).toBe('ok');
    expect(run.annotations.map((a) => a.properties.title)).toEqual(['Balance answered in an unexpected shape']);
    expect(run.annotations[0]?.message).toContain('so min-balance was not checked');
  });

  it('an empty balance before a missing model; a missing model before a low balance', async () => {
    const key = 'sk-000000000000000000000000000000ee';
    const empty = await checkAgainst({ 'api-key': key, models: 'deepseek-v9', 'min-balance': '5' }, { accounts: { [key]: { isAvailable: false, balances: [{ currency: 'USD', total: '0.00' }] } } });
    expect(empty.run.outputs.status).toBe('insufficient_balance');
    expect(empty.run.annotations.map((a) => a.properties.title)).toEqual(['The DeepSeek account has no usable balance', 'Model deepseek-v9 is not available']);
    const low = await checkAgainst({ 'api-key': key, models: 'deepseek-v9', 'min-balance': '5' }, { accounts: { [key]: { balances: [{ currency: 'USD', total: '1.00' }] } } });
    expect(low.run.outputs.status).toBe('model_unavailable');
    expect(low.run.annotations.map((a) => a.properties.title)).toEqual(['Model deepseek-v9 is not available', 'Balance below min-balance']);
  });
});
