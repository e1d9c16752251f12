// `ok` only with proof that the endpoint checked the key, through the committed dist/ against
// simulated gateways: OpenRouter as documented (public /models, GET /key, chat authenticates
// first), one with nothing that proves a key for free, and one that authenticates /models.
import { DEMO_KEYS, GATEWAYS, type SimFault, type Simulator, type SimulatorOptions } from '../src/simulator/server.js';
import { checkAgainst } from './helpers/simulated.js';
import { startupAllowanceMs, type ActionRun } from './helpers/run-action.js';

const VALID = DEMO_KEYS.valid;
const UNPROVEN = 'This endpoint does not let us verify keys without spending tokens';

/** A request without a key carries no credential of any kind, and nothing of the key. */
function expectNoCredential(sim: Simulator, key: string): void {
  expect(sim.anonymous.length).toBeGreaterThan(0);
  for (const request of sim.anonymous) {
    expect(Object.keys(request.headers).filter((h) => /authorization|cookie|api-key|token/i.test(h))).toEqual([]);
    expect(JSON.stringify(request)).not.toContain(key.slice(-12));
  }
}

const authenticationRow = (run: ActionRun): string | undefined => run.summary.split('\n').find((line) => line.startsWith('| Authentication |'));

describe('a gateway whose /models answers anyone and which has no /user/balance', () => {
  it.each([
    ['a DeepSeek-shaped key it never issued', 'sk-0123456789abcdef0123456789abcdef'],
    ['any string at all', 'not-a-key-at-all-but-long-enough'],
    ['the valid key', VALID],
  ])('%s is never ok', async (_name, key) => {
    const { run, sim } = await checkAgainst({ 'api-key': key }, { gateway: GATEWAYS.unprovable });
    expect(run.outputs).toMatchObject({ status: 'wrong_endpoint', ok: 'false', 'http-status': '' });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ command: 'error', properties: { title: UNPROVEN } });
    expect(run.annotations[0]?.message).toContain('"GET /models" answered 200 with and without a key, so its answer says nothing about the key');
    expect(run.annotations[0]?.message).toContain('"GET /key" answered 404 with and without a key');
    expect(run.annotations[0]?.message).toContain('"POST /chat/completions" with a body that can never run answered 400 with and without a key (this endpoint checks the body before the key)');
    expect(authenticationRow(run)).toBe(`| Authentication | ❌ fail | not proven: this endpoint does not let us verify keys without spending tokens |`);
    expect(run.summary).toContain(`## ❌ DeepSeek preflight: ${UNPROVEN} — the deploy is blocked.`);
    expect(run.summary).toContain('| Balance | ➖ skipped | not offered by this endpoint |');
    expect(run.everything).not.toMatch(/works\./);
    expect(sim.tokensSpent()).toBe(0);
    expectNoCredential(sim, key);
  });

  it('blocks with fail-on-outage false too: an unproven key is not an outage', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, 'fail-on-outage': 'false' }, { gateway: GATEWAYS.unprovable });
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.exitCode).toBe(1);
  });
});

describe('OpenRouter as documented: public /models, GET /key, chat authenticates first', () => {
  it('proves a valid key with GET /key, and says so in the summary', async () => {
    const { run, sim } = await checkAgainst({ 'api-key': VALID }, { gateway: GATEWAYS.openrouter });
    expect(run.outputs).toMatchObject({ status: 'ok', ok: 'true' });
    expect(run.exitCode).toBe(0);
    expect(authenticationRow(run)).toBe("| Authentication | ✅ pass | accepted: `GET /key` answered 200 with the key's details; without a key it answers 401 |");
    expect(sim.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /key', 'GET /models', 'GET /user/balance']);
    expect(sim.requests.every((r) => r.authorization === `Bearer ${VALID}`)).toBe(true);
    // The key's label echoes part of the key: it is never shown.
    expect(run.summary + run.stdout.replace(/^::add-mask::.*$/gm, '') + JSON.stringify(run.outputs)).not.toContain(VALID.slice(0, 12));
    expect(sim.tokensSpent()).toBe(0);
    expectNoCredential(sim, VALID);
  });

  it('an unknown key is invalid_key, from GET /key', async () => {
    const key = 'sk-or-v1-' + 'ab'.repeat(32);
    const { run, sim } = await checkAgainst({ 'api-key': key }, { gateway: GATEWAYS.openrouter });
    expect(run.outputs).toMatchObject({ status: 'invalid_key', 'http-status': '401' });
    expect(run.annotations[0]?.message).toMatch(/^The fix is in secrets\.DEEPSEEK_API_KEY, which this line passes\. "GET \/key" answered 401: the endpoint "127\.0\.0\.1" does not accept this key/);
    expect(run.annotations[0]?.message).toContain('"User not found."');
    expect(sim.requests.some((r) => r.path === '/chat/completions')).toBe(false);
  });
});

describe('a gateway with public /models and no key endpoint, whose chat authenticates first', () => {
  it('proves a valid key with a chat body that can never run, at no token cost', async () => {
    const { run, sim } = await checkAgainst({ 'api-key': VALID }, { gateway: GATEWAYS.publicModelsChatAuthFirst });
    expect(run.outputs.status).toBe('ok');
    expect(authenticationRow(run)).toBe(
      '| Authentication | ✅ pass | accepted: `POST /chat/completions` with a body that can never run answered 400, past authentication; without a key it answers 401 |',
    );
    const chats = [...sim.requests, ...sim.anonymous].filter((r) => r.path === '/chat/completions');
    expect(chats.map((c) => [c.method, c.body])).toEqual([
      ['POST', '{}'],
      ['POST', '{}'],
    ]);
    expect(sim.tokensSpent()).toBe(0);
    expectNoCredential(sim, VALID);
  });

  it('rejects an unknown key with the 401 the chat endpoint answers', async () => {
    const { run } = await checkAgainst({ 'api-key': 'sk-0123456789abcdef0123456789abcdef' }, { gateway: GATEWAYS.publicModelsChatAuthFirst });
    expect(run.outputs).toMatchObject({ status: 'invalid_key', 'http-status': '401' });
    expect(run.annotations[0]?.message).toMatch(/^The fix is in secrets\.DEEPSEEK_API_KEY, which this line passes\. "POST \/chat\/completions" answered 401/);
  });
});

describe('a gateway whose chat answers a key it does not know with 400 "Invalid API key format"', () => {
  // /models public, /key 404, chat 401 without a key: only the 400's body tells a rejected key from a
  // rejected body.
  it('a broken key is never ok: the 400 is about the key, not the body', async () => {
    const key = 'definitely-not-a-valid-key-123456';
    const { run, sim } = await checkAgainst({ 'api-key': key }, { gateway: GATEWAYS.keyFormat400 });
    expect(run.outputs.status).not.toBe('ok');
    expect(run.outputs.ok).toBe('false');
    expect(run.exitCode).toBe(1);
    expect(authenticationRow(run)).toMatch(/^\| Authentication \| ❌ fail \|/);
    expect(run.everything).not.toMatch(/works\./);
    expect(sim.requests.filter((r) => r.path === '/chat/completions').map((r) => r.body)).toEqual(['{}']);
    expect(sim.tokensSpent()).toBe(0);
    expectNoCredential(sim, key);
  });

  it("a valid key, whose chat request gets the body's 400, is proven by it", async () => {
    const { run, sim } = await checkAgainst({ 'api-key': VALID }, { gateway: GATEWAYS.keyFormat400 });
    expect(run.outputs.status).toBe('ok');
    expect(authenticationRow(run)).toBe(
      '| Authentication | ✅ pass | accepted: `POST /chat/completions` with a body that can never run answered 400, past authentication; without a key it answers 401 |',
    );
    expect(sim.tokensSpent()).toBe(0);
  });
});

describe('a gateway whose /models wants the key', () => {
  it("keeps today's behaviour: /models proves the key, nothing more is asked", async () => {
    const { run, sim } = await checkAgainst({ 'api-key': VALID }, { gateway: GATEWAYS.authenticated });
    expect(run.outputs.status).toBe('ok');
    expect(authenticationRow(run)).toBe('| Authentication | ✅ pass | accepted: `GET /models` answered 200 with the model list; without a key it answers 401 |');
    expect(run.annotations.map((a) => a.properties.title)).toEqual(['Balance not available at this endpoint']);
    expect(sim.requests.map((r) => r.path).sort()).toEqual(['/models', '/user/balance']);
    expect(sim.anonymous.map((r) => r.path)).toEqual(['/models']);
    expectNoCredential(sim, VALID);
  });

  it('adds no waiting: the requests without a key go out with the others, not after their answers', async () => {
    // Every answer is held longer than this machine takes to start a run now, so a spread of
    // arrivals shorter than the hold means all three went out before the first answer could have
    // come back, however busy the machine (a fixed 400 ms hold could be outrun by load).
    const holdMs = await startupAllowanceMs();
    const { run, sim } = await checkAgainst({ 'api-key': VALID, 'timeout-seconds': String(Math.ceil((4 * holdMs) / 1000) + 20) }, { gateway: GATEWAYS.authenticated, delayMs: holdMs });
    expect(run.outputs.status).toBe('ok');
    const arrivals = [...sim.requests, ...sim.anonymous].map((r) => r.at);
    expect(arrivals).toHaveLength(3);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(holdMs);
  });

  it('rejects an unknown key', async () => {
    const { run } = await checkAgainst({ 'api-key': 'sk-0123456789abcdef0123456789abcdef' }, { gateway: GATEWAYS.authenticated });
    expect(run.outputs).toMatchObject({ status: 'invalid_key', 'http-status': '401' });
  });
});

describe('the DeepSeek API itself (simulated on loopback)', () => {
  it('off api.deepseek.com, its model list is the proof, since /models refuses a request without a key', async () => {
    const { run, sim } = await checkAgainst({ 'api-key': VALID });
    expect(run.outputs.status).toBe('ok');
    expect(authenticationRow(run)).toBe('| Authentication | ✅ pass | accepted: `GET /models` answered 200 with the model list; without a key it answers 401 |');
    expect(sim.requests.map((r) => r.path).sort()).toEqual(['/models', '/user/balance']);
    expectNoCredential(sim, VALID);
  });
});

describe('every kind of request has a maximum per run (docs/key-proof.md)', () => {
  // Written from the documentation, not from the request table in src/contract.ts.
  const RETRIES = 10;
  const transient = (n: number): SimFault[] =>
    Array.from({ length: n }, (_, i): SimFault => (i % 2 ? { kind: 'status', status: 503, body: '{}', headers: { 'retry-after': '0' } } : { kind: 'rate_limited', retryAfter: '0' }));
  const counted = (sim: Simulator): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const [requests, how] of [
      [sim.requests, 'keyed'],
      [sim.anonymous, 'keyless'],
    ] as const) {
      for (const r of requests) {
        const kind = `${how} ${r.method} ${r.path}`;
        counts[kind] = (counts[kind] ?? 0) + 1;
      }
    }
    return counts;
  };

  it('with `retries: 10` and every answer 429/503 `Retry-After: 0`: the proof requests and the key-less twin go out twice at most', async () => {
    // The keyed model list answers (so the key needs proving); everything else is transient forever.
    const script = { balance: transient(50), key: transient(50), chat: transient(50), anonymous: transient(200) };
    const { run, sim } = await checkAgainst({ 'api-key': VALID, retries: String(RETRIES), 'fail-on-outage': 'false' }, { gateway: GATEWAYS.openrouter, script });
    expect(counted(sim)).toEqual({
      'keyed GET /models': 1,
      'keyed GET /user/balance': 1 + RETRIES,
      'keyless GET /models': 2,
      'keyed GET /key': 2,
      'keyless GET /key': 2,
      'keyed POST /chat/completions': 2,
      'keyless POST /chat/completions': 2,
    });
    expect(run.outputs.ok).toBe('false');
    expect(sim.tokensSpent()).toBe(0);
  });

  it('the keyed GET /models and GET /user/balance go out 1 + `retries` times at most', async () => {
    const { sim } = await checkAgainst(
      { 'api-key': VALID, retries: String(RETRIES), 'fail-on-outage': 'false' },
      { gateway: GATEWAYS.openrouter, script: { models: transient(50), balance: transient(50), anonymous: transient(50) } },
    );
    expect(counted(sim)).toEqual({ 'keyed GET /models': 1 + RETRIES, 'keyed GET /user/balance': 1 + RETRIES, 'keyless GET /models': 2 });
  });
});

// A 403 to the key from a proof request is a refusal of that key (its permissions, its region, a
// policy), like a 403 from /models: the fix is in the key or the account, not in base-url.
describe('a proof request answered 403 with the key', () => {
  const FORBIDDEN: SimFault = { kind: 'status', status: 403, body: JSON.stringify({ error: { message: 'Key not allowed', code: 403 } }) };
  const cases: Array<[string, SimulatorOptions]> = [
    ['GET /key', { gateway: GATEWAYS.openrouter, script: { key: [FORBIDDEN] } }],
    ['POST /chat/completions', { gateway: GATEWAYS.publicModelsChatAuthFirst, script: { chat: [FORBIDDEN] } }],
  ];

  it.each(cases)('%s: forbidden, never wrong_endpoint', async (_name, sim) => {
    const { run } = await checkAgainst({ 'api-key': VALID }, sim);
    expect(run.outputs).toMatchObject({ status: 'forbidden', ok: 'false', 'http-status': '403' });
    expect(run.summary).not.toContain(UNPROVEN);
    expect(run.exitCode).toBe(1);
  });
});
