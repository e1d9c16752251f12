// Real networks: a forward proxy on loopback (CONNECT tunnels, counted), the proxy variables in
// either case and without a scheme, NO_PROXY, garbage proxy values, a proxy that wants credentials
// (407), TLS failures told apart (self-signed, host mismatch, expired, plain HTTP on the https
// port, NODE_TLS_REJECT_UNAUTHORIZED=0), plain http and redirects.
//
// Like curl, the proxy rules (src/probe/proxy-env.ts) have no built-in exception for loopback: with
// HTTP(S)_PROXY set and no NO_PROXY, even 127.0.0.1 goes through the proxy, so the simulator on loopback is reached only
// through the tunnel, and the CONNECT count proves the proxy was used. A plain-http base (allowed
// for loopback only) never goes through a proxy: inside the tunnel the proxy could read the key.
import { startSimulator, type Simulator, type SimulatorOptions } from '../src/simulator/server.js';
import { startForwardProxy, type ForwardProxy } from './helpers/forward-proxy.js';
import { runAction, startupAllowanceMs, type ActionRun, type Inputs } from './helpers/run-action.js';
import { closedPort } from './helpers/simulated.js';
import tls from 'node:tls';
import net, { type AddressInfo } from 'node:net';
import { CERT_PATH, EXPIRED_CERT_PATH, EXPIRED_TLS, TLS } from './helpers/tls.js';

const KEY = 'sk-1f2e3d4c5b6a79880a1b2c3d4e5f6a7b';

interface Setup {
  readonly sim?: SimulatorOptions;
  readonly proxy?: { refuseWith?: number };
  /** Environment for the action; `$PROXY` is replaced by the proxy's URL, `$PORT` by the simulator's port. */
  readonly env?: Record<string, string>;
  readonly inputs?: Inputs;
  readonly baseUrl?: (sim: Simulator) => string;
}

async function scenario(setup: Setup): Promise<{ run: ActionRun; sim: Simulator; proxy?: ForwardProxy }> {
  const sim = await startSimulator({ accounts: { [KEY]: {} }, ...setup.sim });
  const proxy = setup.proxy ? await startForwardProxy(setup.proxy) : undefined;
  try {
    const env = Object.fromEntries(
      Object.entries(setup.env ?? {}).map(([k, v]) => [
        k,
        v
          .replace('$PROXY', proxy?.url ?? '')
          .replace('$HOSTPORT', proxy ? `127.0.0.1:${proxy.port}` : '')
          .replace('$PPORT', String(proxy?.port ?? ''))
          .replace('$PORT', String(sim.port)),
      ]),
    );
    const run = await runAction({ 'api-key': KEY, 'base-url': setup.baseUrl ? setup.baseUrl(sim) : sim.url, 'timeout-seconds': '30', retries: '0', ...setup.inputs }, { env });
    return { run, sim, ...(proxy ? { proxy } : {}) };
  } finally {
    await proxy?.close();
    await sim.close();
  }
}

const TRUST = { NODE_EXTRA_CA_CERTS: CERT_PATH };

describe('a forward proxy', () => {
  it.concurrent.each([
    ['HTTPS_PROXY', { HTTPS_PROXY: '$PROXY', ...TRUST }],
    ['https_proxy (lower case)', { https_proxy: '$PROXY', ...TRUST }],
    ['HTTP_PROXY alone, used for https too', { HTTP_PROXY: '$PROXY', ...TRUST }],
    ['http_proxy (lower case) alone', { http_proxy: '$PROXY', ...TRUST }],
  ] as Array<[string, Record<string, string>]>)('%s: every https request goes through a CONNECT tunnel', async (_name, env) => {
    const { run, sim, proxy } = await scenario({ proxy: {}, env, sim: { tls: TLS } });
    expect(run.outputs.status).toBe('ok');
    expect(proxy?.connects.length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy?.connects)).toEqual(new Set([`127.0.0.1:${sim.port}`]));
    expect(proxy?.plainRequests).toEqual([]);
    // The proxy sees where, never what: no Authorization on the CONNECT.
    for (const headers of proxy?.connectHeaders ?? []) expect(JSON.stringify(headers)).not.toContain(KEY.slice(3, 11));
    expect(sim.requests.map((r) => r.path).sort()).toEqual(['/models', '/user/balance']);
  });

  it.concurrent.each([
    ['NO_PROXY=127.0.0.1', { HTTPS_PROXY: '$PROXY', NO_PROXY: '127.0.0.1', ...TRUST }, true],
    ['no_proxy (lower case) with the port', { HTTPS_PROXY: '$PROXY', no_proxy: 'example.com, 127.0.0.1:$PORT', ...TRUST }, true],
    ['NO_PROXY=*', { HTTP_PROXY: '$PROXY', HTTPS_PROXY: '$PROXY', NO_PROXY: '*', ...TRUST }, true],
    ['only HTTPS_PROXY, for a plain-http endpoint', { HTTPS_PROXY: '$PROXY' }, false],
  ] as Array<[string, Record<string, string>, boolean]>)('%s: bypasses the proxy', async (_name, env, tls) => {
    const { run, sim, proxy } = await scenario({ proxy: {}, env, ...(tls ? { sim: { tls: TLS } } : {}) });
    expect(run.outputs.status).toBe('ok');
    expect(proxy?.connects).toEqual([]);
    expect(sim.requests).toHaveLength(2);
  });

  it('that answers 407 is named as the cause, not the key', async () => {
    const { run, sim, proxy } = await scenario({ proxy: { refuseWith: 407 }, env: { HTTPS_PROXY: '$PROXY', ...TRUST }, sim: { tls: TLS } });
    expect(proxy?.connects.length).toBeGreaterThanOrEqual(1);
    expect(sim.requests).toEqual([]);
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations.map((a) => a.properties.title)).toContain('The proxy asked for credentials');
    expect(run.outputs.message).toMatch(/407 Proxy Authentication Required/);
    expect(run.outputs.message).toMatch(/The key was never sent\./);
    expect(run.summary).toMatch(/HTTPS_PROXY=http:\/\/user:pass@proxy:port|NO\\?_PROXY/);
    expect(run.summary).not.toMatch(/rejected the API key|invalid_key/);
    // Re-running asks the same proxy for the same credentials: it blocks by default, like a wrong base-url.
    expect(run.exitCode).toBe(1);
  });

  it.concurrent.each([
    ['HTTP_PROXY', { HTTP_PROXY: '$PROXY' }],
    ['http_proxy and HTTPS_PROXY', { http_proxy: '$PROXY', HTTPS_PROXY: '$PROXY' }],
  ] as Array<[string, Record<string, string>]>)('%s: a plain-http base (loopback) never goes through the proxy, which would read the key', async (_name, env) => {
    const { run, sim, proxy } = await scenario({ proxy: {}, env });
    expect(run.outputs.status).toBe('ok');
    expect(proxy?.connects).toEqual([]);
    expect(proxy?.plainRequests).toEqual([]);
    expect(sim.requests).toHaveLength(2);
  });

  it('that is down is named as the cause, not the API, and undici prints no experimental warning', async () => {
    const closed = await closedPort();
    const { run, sim } = await scenario({ sim: { tls: TLS }, env: { HTTPS_PROXY: `http://user:pw@127.0.0.1:${closed}`, ...TRUST } });
    expect(sim.requests).toEqual([]);
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations[0]?.properties.title).toBe('The proxy could not be reached');
    expect(run.outputs.message).toContain(`The proxy "127.0.0.1:${closed}"`);
    expect(run.everything).not.toContain('user:pw');
    expect(run.stderr).not.toMatch(/experimental/i);
  });

  it.concurrent.each([
    ['HTTPS_PROXY without a scheme', { HTTPS_PROXY: '$HOSTPORT', ...TRUST }],
    ['https_proxy (lower case) wins over a garbage HTTPS_PROXY', { https_proxy: '$HOSTPORT', HTTPS_PROXY: 'http://', ...TRUST }],
    ['HTTPS_PROXY naming the proxy by host name (resolved through the counted lookup)', { HTTPS_PROXY: 'localhost:$PPORT', ...TRUST }],
  ] as Array<[string, Record<string, string>]>)('%s: read as http://, used', async (_name, env) => {
    const { run, sim, proxy } = await scenario({ proxy: {}, env, sim: { tls: TLS } });
    expect(run.outputs.status).toBe('ok');
    expect(proxy?.connects.length).toBeGreaterThanOrEqual(1);
    expect(sim.requests).toHaveLength(2);
  });

  it('without a scheme and bypassed by NO_PROXY=*: no crash, direct', async () => {
    const { run, sim } = await scenario({ sim: { tls: TLS }, env: { HTTPS_PROXY: 'proxy.corp.invalid:3128', HTTP_PROXY: 'proxy.corp.invalid:3128', NO_PROXY: '*', ...TRUST } });
    expect(run.outputs.status).toBe('ok');
    expect(sim.requests).toHaveLength(2);
    expect(run.everything).not.toContain('could not complete');
  });

  it.concurrent.each([
    ['no host', 'http://user:hunter22@'],
    ['a port out of range', 'http://user:hunter22@proxy.corp.invalid:99999'],
    ['a socks proxy', 'socks5://user:hunter22@proxy.corp.invalid:1080'],
    ['a broken %-escape in the password', 'http://user:hunter22%zz@proxy.corp.invalid:3128'],
  ])('that is garbage (%s): unreachable, naming the variable, never its credentials, no crash', async (_name, value) => {
    const { run, sim } = await scenario({ sim: { tls: TLS }, env: { https_proxy: value, ...TRUST } });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations[0]?.properties.title).toBe('The proxy setting is not usable');
    expect(run.outputs.message).toContain('https_proxy is set, but it is not a proxy URL this action can use');
    expect(run.everything).not.toMatch(/hunter22|could not complete|^\s+at /m);
    // A proxy variable that cannot be used is the same on every run: it blocks by default.
    expect(run.exitCode).toBe(1);
    expect(sim.requests).toEqual([]);
  });

  it('the finding names the variable the proxy came from', async () => {
    const closed = await closedPort();
    const { run } = await scenario({ sim: { tls: TLS }, env: { https_proxy: `127.0.0.1:${closed}`, ...TRUST } });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.outputs.message).toContain(`The proxy "127.0.0.1:${closed}" (from https_proxy) refused the connection`);
  });

  it('a timeout behind it names the proxy the request went through', async () => {
    const { run, proxy } = await scenario({ proxy: {}, sim: { tls: TLS, always: { kind: 'hang' } }, env: { https_proxy: '$PROXY', ...TRUST }, inputs: { 'timeout-seconds': '2' } });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.outputs.message).toContain(`No complete answer from "127.0.0.1" (through the proxy "127.0.0.1:${proxy?.port}", from https_proxy) within timeout-seconds (2 s)`);
  });

  it('that accepts the connection and never answers the CONNECT: ends within timeout-seconds + 1 s', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const { run } = await scenario({ sim: { tls: TLS }, env: { HTTPS_PROXY: `127.0.0.1:${port}`, ...TRUST }, inputs: { 'timeout-seconds': '2', retries: '3' } });
      expect(run.outputs.status).toBe('unreachable');
      expect(run.outputs.message).toContain(`through the proxy "127.0.0.1:${port}", from HTTPS_PROXY`);
      // timeout-seconds, plus this machine's start-up as measured now (was a fixed second: 3078 ms failed).
      expect(run.durationMs).toBeLessThan(2000 + (await startupAllowanceMs()));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('NO_PROXY with a CIDR range bypasses the proxy', async () => {
    const { run, sim, proxy } = await scenario({ proxy: {}, env: { HTTPS_PROXY: '$PROXY', NO_PROXY: 'example.com,127.0.0.0/8', ...TRUST }, sim: { tls: TLS } });
    expect(run.outputs.status).toBe('ok');
    expect(proxy?.connects).toEqual([]);
    expect(sim.requests).toHaveLength(2);
  });

  it('that refuses the tunnel otherwise (403) is named too', async () => {
    const { run } = await scenario({ proxy: { refuseWith: 403 }, sim: { tls: TLS }, env: { HTTPS_PROXY: '$PROXY', ...TRUST } });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations.map((a) => a.properties.title)).toContain('The proxy does not allow this host');
    expect(run.outputs.message).toMatch(/answered 403/);
  });
});

describe('TLS', () => {
  it('a self-signed certificate: unreachable, with the TLS cause and the NODE_EXTRA_CA_CERTS remedy', async () => {
    const { run, sim } = await scenario({ sim: { tls: TLS } });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations.map((a) => a.properties.title)).toContain('TLS certificate is self-signed');
    expect(run.outputs.message).toMatch(/TLS handshake .* failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/);
    expect(run.summary).toContain('NODE_EXTRA_CA_CERTS');
    expect(run.summary).toContain('Never turn certificate checks off');
    // The handshake failed: no request, so the key was never sent.
    expect(sim.requests).toEqual([]);
  });

  it.concurrent.each([
    ['127.0.0.1', (sim: Simulator) => sim.url],
    ['localhost', (sim: Simulator) => sim.url.replace('127.0.0.1', 'localhost')],
  ])('trusted through NODE_EXTRA_CA_CERTS (%s): ok', async (_name, baseUrl) => {
    const { run, sim } = await scenario({ sim: { tls: TLS }, env: TRUST, baseUrl });
    expect(run.outputs.status).toBe('ok');
    expect(sim.requests).toHaveLength(2);
  });
});

/** A TLS server on `host` that only completes handshakes (they fail before any request). */
async function tlsServer(host: string, options: tls.TlsOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const server = tls.createServer(options, (socket) => socket.destroy());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('through a proxy tunnel, a server that sends 100 Continue first', () => {
  it('is read as the answer that follows: ok', async () => {
    const models = JSON.stringify({ object: 'list', data: [{ id: 'deepseek-chat', object: 'model', owned_by: 'deepseek' }] });
    const balance = JSON.stringify({ is_available: true, balance_infos: [{ currency: 'USD', total_balance: '5.00' }] });
    const server = tls.createServer(TLS, (socket) => {
      socket.on('error', () => socket.destroy());
      socket.once('data', (data: Buffer) => {
        const head = data.toString('latin1');
        // Without a key the answer is a plain 401, as from the API: that is what proves the key here.
        if (!/^authorization:/im.test(head)) return void socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
        const json = /^GET \S*\/models /.test(head) ? models : balance;
        socket.end(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${json.length}\r\n\r\n${json}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = await startForwardProxy();
    try {
      const { port } = server.address() as AddressInfo;
      const run = await runAction({ 'api-key': KEY, 'base-url': `https://127.0.0.1:${port}`, 'timeout-seconds': '30', retries: '0' }, { env: { HTTPS_PROXY: proxy.url, ...TRUST } });
      expect(run.outputs.status).toBe('ok');
      // GET /models and /user/balance with the key, GET /models without it.
      expect(proxy.connects).toHaveLength(3);
    } finally {
      await proxy.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('TLS failures, told apart', () => {
  it.concurrent.each([
    ['directly', {}],
    ['through a proxy tunnel', { proxy: {}, env: { HTTPS_PROXY: '$PROXY' } }],
  ] as Array<[string, Setup]>)('NODE_TLS_REJECT_UNAUTHORIZED=0 does not send the key to an unverified server (%s), and says it was ignored', async (_name, setup) => {
    const { run, sim } = await scenario({ ...setup, sim: { tls: TLS }, env: { ...setup.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });
    expect(sim.requests).toEqual([]);
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations.map((a) => a.properties.title)).toEqual(expect.arrayContaining(['TLS certificate is self-signed', 'NODE_TLS_REJECT_UNAUTHORIZED=0 was ignored']));
    expect(run.summary).toContain('verified the certificate anyway');
  });

  it('a trusted certificate for other names (127.0.0.2 is not in its SAN): host mismatch, not "not trusted"', async () => {
    const server = await tlsServer('127.0.0.2', TLS);
    try {
      const run = await runAction({ 'api-key': KEY, 'base-url': `https://127.0.0.2:${server.port}`, 'timeout-seconds': '30', retries: '0' }, { env: TRUST });
      expect(run.outputs.status).toBe('unreachable');
      expect(run.annotations[0]?.properties.title).toBe('TLS certificate is for another host');
      expect(run.outputs.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
      expect(run.summary).not.toContain('Give Node the CA certificate');
    } finally {
      await server.close();
    }
  });

  it('an expired certificate: expired, with the clock and renewal as fixes', async () => {
    const { run, sim } = await scenario({ sim: { tls: EXPIRED_TLS }, env: { NODE_EXTRA_CA_CERTS: EXPIRED_CERT_PATH } });
    expect(sim.requests).toEqual([]);
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations[0]?.properties.title).toBe('TLS certificate expired');
    expect(run.outputs.message).toContain('CERT_HAS_EXPIRED');
    expect(run.summary).toContain("runner's clock");
  });

  it('plain HTTP on the https:// port: said as such', async () => {
    const { run } = await scenario({ baseUrl: (sim) => sim.url.replace('http:', 'https:') });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.annotations[0]?.properties.title).toBe('Plain HTTP on an HTTPS address');
    expect(run.summary).not.toContain('NODE_EXTRA_CA_CERTS');
  });

  it('NODE_EXTRA_CA_CERTS already set, to another CA: says it is set and still not trusted', async () => {
    const { run } = await scenario({ sim: { tls: TLS }, env: { NODE_EXTRA_CA_CERTS: EXPIRED_CERT_PATH } });
    expect(run.annotations[0]?.properties.title).toBe('TLS certificate is self-signed');
    expect(run.outputs.message).toContain('although NODE_EXTRA_CA_CERTS is set');
  });

  it('NODE_EXTRA_CA_CERTS pointing at no file: says so', async () => {
    const { run } = await scenario({ sim: { tls: TLS }, env: { NODE_EXTRA_CA_CERTS: '/nonexistent/corp-ca.pem' } });
    expect(run.annotations[0]?.properties.title).toBe('TLS certificate is self-signed');
    expect(run.outputs.message).toContain('its file does not exist on this runner');
  });
});

describe('where the key may go', () => {
  it('never over plain http off loopback: refused before any connection', async () => {
    // The proxy would see a CONNECT for any connection attempt, even one that cannot resolve.
    const { run, proxy } = await scenario({ proxy: {}, env: { HTTP_PROXY: '$PROXY' }, baseUrl: () => 'http://api.example.com/v1' });
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.outputs.message).toMatch(/plain .*was not sent/);
    expect(proxy?.connects).toEqual([]);
  });

  it('never along a redirect, to another host or the same one', async () => {
    const other = await startSimulator({ accounts: { [KEY]: {} } });
    try {
      const { run, sim } = await scenario({
        sim: { script: { models: [{ kind: 'redirect', status: 307, location: `${other.url}/models` }], balance: [{ kind: 'redirect', status: 308, location: '/v1/user/balance' }] } },
      });
      expect(run.outputs.status).toBe('wrong_endpoint');
      expect(run.summary).toContain('The key is never sent after a redirect');
      expect(other.requests).toEqual([]);
      expect(sim.requests.map((r) => r.path).sort()).toEqual(['/models', '/user/balance']);
    } finally {
      await other.close();
    }
  });
});
