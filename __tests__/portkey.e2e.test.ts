// The bundled action through a real gateway: Portkey's open-source AI gateway 1.15.2, installed
// unmodified from npm, in front of the project's simulator (`x-portkey-custom-host`). What Portkey
// answers is what the tests assert, recorded in docs/gateways.md.
import { DEMO_KEYS, type Simulator } from '../src/simulator/server.js';
import { startPortkey } from './helpers/portkey.js';
import { runAction, type ActionRun, type Inputs } from './helpers/run-action.js';
import { closedPort, withSimulator } from './helpers/simulated.js';

const portkey = await startPortkey();
const suite = portkey.ok ? describe : describe.skip;
const skipped = portkey.ok ? '' : ` (skipped: ${portkey.reason})`;
const gatewayUrl = portkey.ok ? `${portkey.url}/v1` : '';

afterAll(async () => {
  if (portkey.ok) await portkey.stop();
});

/** The headers Portkey routes by: DeepSeek as the provider, the simulator (or `upstream`) as its host. */
const routing = (upstream: string): string => `x-portkey-provider: deepseek\nx-portkey-custom-host: ${upstream}`;

async function throughPortkey(inputs: Inputs): Promise<{ run: ActionRun; sim: Simulator }> {
  return withSimulator({}, async (sim) => ({ run: await runAction({ 'base-url': gatewayUrl, retries: '0', headers: routing(sim.url), ...inputs }), sim }));
}

suite(`Portkey's gateway in front of the simulator${skipped}`, () => {
  it('a revoked key is invalid_key: Portkey passes the upstream 401 through', async () => {
    const { run, sim } = await throughPortkey({ 'api-key': DEMO_KEYS.revoked });
    expect(run.outputs).toMatchObject({ status: 'invalid_key', ok: 'false', 'http-status': '401' });
    expect(run.exitCode).toBe(1);
    // The headers reached Portkey, which routed to the simulator: the key arrived there.
    expect(sim.requests.some((r) => r.authorization === `Bearer ${DEMO_KEYS.revoked}`)).toBe(true);
  });

  it('the valid key: Portkey 1.15.2 fails its own pass-through of GET /models under Node 24 (500 "Something went wrong"), an outage worded as Portkey\'s, never ok and never DeepSeek\'s', async () => {
    const { run } = await throughPortkey({ 'api-key': DEMO_KEYS.valid });
    expect(run.outputs.status).toBe('server_error');
    expect(run.outputs.ok).toBe('false');
    expect(run.annotations[0]?.properties.title).toBe('Portkey answered 500');
    expect(run.summary).toContain('Something went wrong');
    expect(run.everything).not.toMatch(/DeepSeek answered|DeepSeek status page/);
  });

  it('without its routing headers: wrong_endpoint whose fix names the header Portkey asked for', async () => {
    const run = await runAction({ 'base-url': gatewayUrl, 'api-key': DEMO_KEYS.valid, retries: '0' });
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]?.properties.title).toBe('Portkey asks for a header this step does not send');
    expect(run.summary).toContain("`headers: 'x-portkey-provider: deepseek'`");
    expect(run.summary).toContain('Either x-portkey-config or x-portkey-provider header is required');
  });

  it("upstream down: an outage worded as Portkey's, quoting its plain-text reason", async () => {
    const port = await closedPort();
    const run = await runAction({ 'base-url': gatewayUrl, 'api-key': DEMO_KEYS.valid, retries: '0', headers: routing(`http://127.0.0.1:${port}`) });
    expect(run.outputs.status).toBe('server_error');
    expect(run.exitCode).toBe(0);
    expect(run.annotations.some((a) => a.properties.title === 'Portkey answered 500')).toBe(true);
    expect(run.summary).toContain('fetch failed');
    expect(run.everything).not.toMatch(/DeepSeek answered|DeepSeek status page/);
  });
});
