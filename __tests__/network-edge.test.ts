// The network edge below the action: how proxy variables are read (curl's conventions, undici's
// extras), what a request does when the name never resolves, how compressed bodies are decoded,
// and that undici is used without patching its prototypes.
import { gzipSync, brotliCompressSync, deflateRawSync, deflateSync } from 'node:zlib';
import DispatcherBase from 'undici/lib/dispatcher/dispatcher.js';
import { startSimulator } from '../src/simulator/server.js';
import { createHttpClient, createDispatcher, createSendRequest, decodeBody, MAX_BODY_BYTES } from '../src/probe/http-get.js';
import { lookupsInFlight, type LookupFunction } from '../src/probe/lookup.js';
import { bypassesProxy, parseProxyValue, proxyFor } from '../src/probe/proxy-env.js';
import { startForwardProxy } from './helpers/forward-proxy.js';
import { loadAllowanceMs } from './helpers/timing.js';

const API = 'https://api.deepseek.com';

describe('proxy variables', () => {
  it('a value without a scheme is http://, as curl reads it', () => {
    expect(proxyFor(API, { HTTPS_PROXY: 'proxy.corp:3128' })).toEqual({ kind: 'proxy', variable: 'HTTPS_PROXY', hostPort: 'proxy.corp:3128', uri: 'http://proxy.corp:3128' });
    expect(proxyFor(API, { https_proxy: '10.0.0.1' })).toMatchObject({ hostPort: '10.0.0.1:80', uri: 'http://10.0.0.1:80' });
  });

  it('lower case wins over upper case, and https_proxy over http_proxy', () => {
    expect(proxyFor(API, { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' })).toMatchObject({ variable: 'https_proxy', hostPort: 'lower:2' });
    expect(proxyFor(API, { HTTP_PROXY: 'http://plain:1', HTTPS_PROXY: 'http://secure:2' })).toMatchObject({ variable: 'HTTPS_PROXY' });
    expect(proxyFor(API, { HTTP_PROXY: 'http://plain:1' })).toMatchObject({ variable: 'HTTP_PROXY', hostPort: 'plain:1' });
    // An empty lower-case variable switches the upper-case one off.
    expect(proxyFor(API, { https_proxy: '', HTTPS_PROXY: 'http://upper:1' })).toBeUndefined();
  });

  it('credentials become a Proxy-Authorization token, never part of what is shown', () => {
    const choice = proxyFor(API, { HTTPS_PROXY: 'http://us%40er:p%3Ass@proxy:8080' });
    expect(choice).toMatchObject({ kind: 'proxy', hostPort: 'proxy:8080', uri: 'http://proxy:8080' });
    expect(choice?.kind === 'proxy' && Buffer.from(choice.authorization?.replace('Basic ', '') ?? '', 'base64').toString()).toBe('us@er:p:ss');
    expect(JSON.stringify({ ...choice, authorization: undefined })).not.toMatch(/us|p%3Ass/);
  });

  it.each([
    ['http://', 'not a URL'],
    ['http://proxy:99999', 'not a URL'],
    ['proxy corp:3128', 'spaces'],
    ['socks5://proxy:1080', 'socks5'],
    ['ftp://proxy:21', 'scheme'],
    ['http://proxy:3128/some/path', 'path'],
    ['http://user:s3cr%zzet@proxy:3128', '%-escape'],
  ])('garbage %s is named by its variable, never quoted', (value, problem) => {
    const result = proxyFor(API, { HTTPS_PROXY: value });
    expect(result).toMatchObject({ kind: 'invalid', variable: 'HTTPS_PROXY' });
    expect(result?.kind === 'invalid' && result.problem).toContain(problem);
    expect(JSON.stringify(result)).not.toMatch(/s3cr|proxy:|corp/);
  });

  it('a garbage value that NO_PROXY bypasses is never even parsed', async () => {
    expect(proxyFor(API, { HTTPS_PROXY: 'http://', NO_PROXY: '*' })).toBeUndefined();
    // The client goes direct, says nothing of a proxy, and closes (awaited: a rejection would fail here).
    const client = createHttpClient({ HTTPS_PROXY: 'http://', NO_PROXY: '*' }, 1000, API);
    expect(client.network.proxy).toBeUndefined();
    await client.close();
  });
});

describe('NO_PROXY', () => {
  it.each([
    ['api.deepseek.com', '*', true],
    ['api.deepseek.com', 'deepseek.com', true],
    ['api.deepseek.com', '.deepseek.com', true],
    ['api.deepseek.com', '*.deepseek.com', true],
    ['deepseek.com', '.deepseek.com', true],
    ['api.deepseek.com', 'seek.com', false],
    ['api.deepseek.com', 'example.com, api.deepseek.com', true],
    ['api.deepseek.com', 'example.com api.deepseek.com.', true],
    ['api.deepseek.com', 'api.deepseek.com:443', true],
    ['api.deepseek.com', 'api.deepseek.com:8443', false],
    ['10.1.2.3', '10.0.0.0/8', true],
    ['10.1.2.3', '10.1.2.3', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['10.1.2.3', '10.1.2.0/33', false],
    ['[::1]', '::1', true],
    ['[fd00::5]', 'fd00::/8', true],
    ['[fe80::5]', 'fd00::/8', false],
    ['[::1]', '[::1]:443', true],
    ['api.deepseek.com', '', false],
  ])('%s with NO_PROXY=%j → bypass %s', (host, noProxy, expected) => {
    expect(bypassesProxy(host, '443', noProxy)).toBe(expected);
  });

  it('no_proxy wins over NO_PROXY', () => {
    expect(proxyFor(API, { HTTPS_PROXY: 'p:1', no_proxy: 'example.com', NO_PROXY: '*' })).toMatchObject({ kind: 'proxy' });
  });
});

describe('parseProxyValue', () => {
  it('keeps an https proxy https, with its default port', () => {
    expect(parseProxyValue('HTTPS_PROXY', 'https://secure.corp')).toMatchObject({ uri: 'https://secure.corp:443', hostPort: 'secure.corp:443' });
  });
});

describe('a name that never resolves', () => {
  const never: LookupFunction = () => undefined;

  it('the request settles when its deadline passes, as a DNS timeout, and the lookup is counted as abandoned', async () => {
    const before = lookupsInFlight();
    const allowance = await loadAllowanceMs();
    const client = createHttpClient({}, 10_000, 'https://api.deepseek.invalid', never);
    const started = Date.now();
    const outcome = await client.send('https://api.deepseek.invalid/models', {}, AbortSignal.timeout(300));
    const elapsed = Date.now() - started;
    await client.close();
    expect(outcome).toEqual({ kind: 'network', failure: 'dns', code: 'DNS_TIMEOUT' });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500 + allowance);
    expect(lookupsInFlight()).toBe(before + 1);
  });

  it('a lookup that answers late is no longer counted', async () => {
    let answer: (() => void) | undefined;
    const late: LookupFunction = (_host, _options, callback) => {
      answer = () => callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), '');
    };
    const before = lookupsInFlight();
    const client = createHttpClient({}, 10_000, 'https://api.deepseek.invalid', late);
    const pending = client.send('https://api.deepseek.invalid/models', {}, new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lookupsInFlight()).toBe(before + 1);
    answer?.();
    expect(await pending).toMatchObject({ kind: 'network', failure: 'dns', code: 'ENOTFOUND' });
    expect(lookupsInFlight()).toBe(before);
    await client.close();
  });
});

describe('compressed answers', () => {
  const json = JSON.stringify({ object: 'list', data: [{ id: 'deepseek-chat', object: 'model', owned_by: 'deepseek' }] });
  it.each([
    ['gzip', gzipSync(json)],
    ['x-gzip', gzipSync(json)],
    ['br', brotliCompressSync(json)],
    ['deflate', deflateSync(json)],
    ['deflate', deflateRawSync(json)],
  ])('%s is decoded', (coding, raw) => {
    expect(decodeBody(raw, coding)).toEqual({ body: json, tooLarge: false });
  });

  it('a decompression bomb stops at the same cap as a plain body', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
    expect(decodeBody(bomb, 'gzip')).toEqual({ body: '', tooLarge: true });
  });

  it('an unknown or corrupt coding is reported, not read as text', () => {
    expect(decodeBody(Buffer.from('x'), 'zstd')).toEqual({ body: '', tooLarge: false, undecodable: 'zstd' });
    expect(decodeBody(Buffer.from('not gzip'), 'gzip')).toMatchObject({ undecodable: 'gzip' });
  });
});

describe('undici without patching', () => {
  it('requests and CONNECT tunnels work while Dispatcher.prototype stays as undici ships it', async () => {
    const sim = await startSimulator({ accounts: { 'sk-x': {} } });
    const proxy = await startForwardProxy();
    try {
      const dispatcher = createDispatcher({ timeoutMs: 5000, proxy: { kind: 'proxy', variable: 'HTTPS_PROXY', hostPort: `127.0.0.1:${proxy.port}`, uri: proxy.url } });
      const outcome = await createSendRequest(dispatcher)(`${sim.url}/models`, { authorization: 'Bearer sk-x' }, new AbortController().signal);
      await dispatcher.destroy();
      expect(outcome).toMatchObject({ kind: 'response', status: 200 });
      expect(proxy.connects).toEqual([`127.0.0.1:${sim.port}`]);
      const prototype = DispatcherBase.prototype as unknown as Record<string, unknown>;
      for (const method of ['request', 'connect', 'stream', 'pipeline', 'upgrade']) expect(prototype[method]).toBeUndefined();
    } finally {
      await proxy.close();
      await sim.close();
    }
  });
});
