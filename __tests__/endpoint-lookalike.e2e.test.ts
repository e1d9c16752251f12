// A base-url that imitates api.deepseek.com never gets the key, end to end. The bundled action runs
// behind a loopback forward proxy (HTTPS_PROXY), so any attempt to reach the look-alike would show
// up as a CONNECT there; a simulator with the key's account waits on loopback and must hear nothing.
// The control case (a gateway name that merely contains "deepseek") shows that the same setup does
// see the attempt when the host is accepted.
import { startSimulator } from '../src/simulator/server.js';
import { startForwardProxy } from './helpers/forward-proxy.js';
import { runAction, type ActionRun } from './helpers/run-action.js';
import { CERT_PATH, TLS } from './helpers/tls.js';

const KEY = 'sk-5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b';

async function behindProxy(baseUrl: string): Promise<{ run: ActionRun; connects: string[]; plain: string[]; simRequests: number }> {
  const sim = await startSimulator({ accounts: { [KEY]: {} }, tls: TLS });
  const proxy = await startForwardProxy();
  try {
    const run = await runAction(
      { 'api-key': KEY, 'base-url': baseUrl, 'timeout-seconds': '5', retries: '0' },
      { env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: CERT_PATH } },
    );
    return { run, connects: [...proxy.connects], plain: [...proxy.plainRequests], simRequests: sim.requests.length };
  } finally {
    await proxy.close();
    await sim.close();
  }
}

describe('a look-alike base-url', () => {
  it.concurrent.each([
    ['Cyrillic letters', 'https://api.de\u0435ps\u0435ek.com', 'api.xn--depsek-4ofc.com'],
    ['confusables no table lists', 'https://api.dee\u2ca3s\uab32ek.com:18080', 'api.xn--deesek-5t8du317g.com'],
    ['a digit for a letter', 'https://api.deepseek.c0m/v1', 'api.deepseek.c0m'],
    ['a hyphen for a dot', 'https://api-deepseek.com', 'api-deepseek.com'],
    ['DeepSeek’s name before another domain', 'https://api.deepseek.com.evil.net/v1', 'api.deepseek.com.evil.net'],
    ['another ending', 'https://api.deepseek.ai', 'api.deepseek.ai'],
    ['a trailing dot on OpenAI', 'https://api.openai.com./v1', 'api.openai.com'],
  ])('%s: wrong_endpoint naming it, and the key goes nowhere', async (_name, baseUrl, named) => {
    const { run, connects, plain, simRequests } = await behindProxy(baseUrl);
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.exitCode).toBe(1);
    expect(connects).toEqual([]);
    expect(plain).toEqual([]);
    expect(simRequests).toBe(0);
    expect(run.outputs.message).toContain(named);
    const error = run.annotations.find((a) => a.command === 'error')?.message ?? '';
    expect(error).toMatch(/not sent/);
    expect(error).toContain('base-url: https://api.deepseek.com');
    expect(run.summary).toContain('`base-url: https://api.deepseek.com`');
  });

  it.concurrent('control: a gateway whose name merely contains "deepseek" is tried, through the proxy', async () => {
    const { run, connects } = await behindProxy('https://deepseek.corp.example/v1');
    expect(connects).toContain('deepseek.corp.example:443');
    expect(run.outputs.status).toBe('unreachable');
  });
});
