// Behind gateways, through the committed dist/ against simulated gateways: the headers a gateway
// needs, no pass on a gateway's 5xx, words that name who answered, model lists of other providers,
// and a proof body a gateway fills a model into. One test per observation of the issue.
import { DEMO_KEYS, GATEWAYS, type Simulator } from '../src/simulator/server.js';
import { checkAgainst, withSimulator } from './helpers/simulated.js';
import { runAction, type ActionRun } from './helpers/run-action.js';
import { startForwardProxy } from './helpers/forward-proxy.js';
import { CERT_PATH, TLS } from './helpers/tls.js';

const VALID = DEMO_KEYS.valid;
const REVOKED = DEMO_KEYS.revoked;
/** A gateway credential: long enough to be treated as a secret. */
const GATEWAY_TOKEN = 'gw-tok-Q7mZ2pX9vK4rT8wL1nB6';

const row = (run: ActionRun, name: string): string | undefined => run.summary.split('\n').find((line) => line.startsWith(`| ${name} |`));
const shown = (run: ActionRun): string => run.summary + run.stdout.replace(/^::add-mask::.*$/gm, '') + run.stderr + JSON.stringify(run.outputs);

describe('1. the headers a gateway needs', () => {
  it('sends every header on every request, keyed and key-less alike, and never shows a value', async () => {
    const headers = `x-portkey-provider: deepseek\ncf-aig-authorization: Bearer ${GATEWAY_TOKEN}`;
    const { run, sim } = await checkAgainst({ 'api-key': VALID, headers }, { gateway: GATEWAYS.openrouter });
    expect(run.outputs).toMatchObject({ status: 'ok', ok: 'true' });
    const all: Simulator['requests'] = [...sim.requests, ...sim.anonymous];
    expect(sim.anonymous.length).toBeGreaterThan(0);
    for (const request of all) {
      expect(request.headers['x-portkey-provider']).toBe('deepseek');
      expect(request.headers['cf-aig-authorization']).toBe(`Bearer ${GATEWAY_TOKEN}`);
    }
    // The key-less twin differs from the keyed request only by Authorization.
    const names = (r: Simulator['requests'][number]): string[] =>
      Object.keys(r.headers)
        .filter((h) => h !== 'authorization' && h !== 'content-length')
        .sort();
    expect(names(sim.anonymous[0] as Simulator['requests'][number])).toEqual(names(sim.requests.find((r) => r.path === sim.anonymous[0]?.path) as Simulator['requests'][number]));
    // Masked for the runner, and no part of it in anything the step shows.
    expect(run.stdout).toContain(`::add-mask::Bearer ${GATEWAY_TOKEN}`);
    expect(shown(run)).not.toContain(GATEWAY_TOKEN.slice(0, 8));
    expect(shown(run)).not.toContain(GATEWAY_TOKEN.slice(-8));
    // A routing word is no secret: masking it would blank it across the job's log.
    expect(run.stdout).not.toContain('::add-mask::deepseek');
  });

  it('never sends them to a proxy: the CONNECT carries none of them, the API behind the tunnel gets them', async () => {
    const proxy = await startForwardProxy();
    try {
      await withSimulator({ tls: TLS }, async (sim) => {
        const run = await runAction(
          { 'api-key': VALID, 'base-url': sim.url, retries: '0', headers: `x-gateway-token: ${GATEWAY_TOKEN}` },
          { env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: CERT_PATH } },
        );
        expect(run.outputs.status).toBe('ok');
        expect(proxy.connects.length).toBeGreaterThan(0);
        for (const headers of proxy.connectHeaders) expect(JSON.stringify(headers)).not.toMatch(/x-gateway-token|gw-tok/i);
        expect(sim.requests.every((r) => r.headers['x-gateway-token'] === GATEWAY_TOKEN)).toBe(true);
      });
    } finally {
      await proxy.close();
    }
  });

  it('a refused header name is an input error that says what to change, and no request is made', async () => {
    const { run, sim } = await checkAgainst({ 'api-key': VALID, headers: `Authorization: Bearer ${GATEWAY_TOKEN}` });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ command: 'error', properties: { title: 'Invalid input: headers' } });
    expect(run.annotations[0]?.message).toContain('`Authorization` cannot be set here: the key goes in `api-key`');
    expect(shown(run)).not.toContain(GATEWAY_TOKEN.slice(0, 8));
    expect(sim.requests.length + sim.anonymous.length).toBe(0);
  });

  it('a gateway that refuses for want of its routing header: wrong_endpoint whose fix names that header', async () => {
    const body = JSON.stringify({ status: 'failure', message: 'Either x-portkey-config or x-portkey-provider header is required' });
    const { run } = await checkAgainst({ 'api-key': VALID }, { always: { kind: 'status', status: 400, body } });
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain("`headers: 'x-portkey-provider: deepseek'`");
    expect(run.summary).toContain('Portkey');
    expect(run.summary).not.toContain('not the current value');
  });
});

describe("2. a wrong key never passes on a gateway's 5xx", () => {
  it.each([
    ['a DeepSeek-shaped key it never issued', 'sk-0123456789abcdef0123456789abcdef'],
    ['any string', 'any-string-at-all-here'],
    ['the valid key', VALID],
  ])('(a) /models answers, only the proof requests get 500: %s blocks as unproven', async (_name, key) => {
    const { run, sim } = await checkAgainst({ 'api-key': key, 'fail-on-outage': 'false' }, { gateway: GATEWAYS.unprovable, proofFailure: { status: 500, body: '{"error":"Model is required"}' } });
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]?.message).toContain('the ones that could prove the key failed');
    expect(run.annotations[0]?.message).toContain('Model is required');
    expect(sim.tokensSpent()).toBe(0);
  });

  it("(b) a gateway that turns the upstream's 401 into a 500, and says so in its body: invalid_key", async () => {
    const { run } = await checkAgainst({ 'api-key': REVOKED }, { rewrite401: { status: 500 } });
    expect(run.outputs).toMatchObject({ status: 'invalid_key', ok: 'false', 'http-status': '500' });
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain("its body carries the upstream's refusal of the key");
  });
});

describe('3. the words name who answered', () => {
  it("a 500 at a gateway is the endpoint's, not DeepSeek's, and its JSON reason is quoted", async () => {
    const { run, sim } = await checkAgainst({ 'api-key': VALID, retries: '0' }, { always: { kind: 'status', status: 500, body: '{"error":"Model is required"}' } });
    const host = new URL(sim.url).hostname;
    expect(run.outputs.status).toBe('server_error');
    expect(run.annotations[0]?.properties.title).toBe('The endpoint answered 500');
    expect(run.summary).toContain(host);
    expect(run.summary).toContain('Model is required');
    expect(run.everything).not.toMatch(/DeepSeek answered|DeepSeek status page/);
  });

  it('a plain-text 502 is quoted, and a gateway that names itself in its headers is named', async () => {
    const body = 'fetch failed: connect ECONNREFUSED 10.0.0.5:443';
    const { run } = await checkAgainst(
      { 'api-key': VALID, retries: '0' },
      { always: { kind: 'status', status: 502, body, headers: { 'content-type': 'text/plain', 'x-portkey-provider': 'deepseek' } } },
    );
    expect(run.outputs.status).toBe('server_error');
    expect(run.annotations.some((a) => a.properties.title?.startsWith('Portkey '))).toBe(true);
    expect(run.summary).toContain('ECONNREFUSED 10.0.0.5:443');
    expect(run.everything).not.toMatch(/DeepSeek answered|DeepSeek status page/);
  });
});

describe("4. a gateway's made-up model list", () => {
  it("a list of OpenAI's ids is named as such, and a required DeepSeek model it does not list warns instead of blocking", async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, models: 'deepseek-chat' }, { gateway: GATEWAYS.openrouter, openAiModels: true });
    expect(run.outputs.status).toBe('ok');
    expect(run.exitCode).toBe(0);
    expect(row(run, 'Models')).toContain('⚠️');
    expect(row(run, 'Models')).toContain("only OpenAI's own model ids");
    expect(run.annotations.map((a) => a.message).join('\n')).toMatch(/whether it routes "deepseek-chat" is not known without a chat request/i);
    expect(run.everything).not.toContain('to one of the offered ids');
  });
});

describe('5. a gateway that fills a model into the proof body', () => {
  it('still spends no tokens: the body has no messages', async () => {
    const { run, sim } = await checkAgainst({ 'api-key': VALID }, { gateway: GATEWAYS.publicModelsChatAuthFirst, fillModel: 'deepseek-chat' });
    expect(run.outputs.status).toBe('ok');
    const chat = sim.requests.find((r) => r.path === '/chat/completions');
    expect(JSON.parse(chat?.body ?? '{}')).toEqual({ model: 'deepseek-chat' });
    expect(sim.tokensSpent()).toBe(0);
  });
});

describe('a misspelt input (16.6)', () => {
  it('`model:` for `models:` is a blocking input error naming `models`', async () => {
    const { run, sim } = await checkAgainst({ 'api-key': VALID }, {}, { env: { INPUT_MODEL: 'deepseek-v4-pro' } });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]).toMatchObject({ command: 'error', properties: { title: 'Invalid input: model' } });
    expect(run.annotations[0]?.message).toContain('Did you mean `models`?');
    expect(sim.requests.length).toBe(0);
  });
});
