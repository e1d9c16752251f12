// Servers that misbehave at the HTTP level: megabytes of body, a body that drips or stalls, a
// connection reset mid-body, no answer at all, endless headers. Each ends in the right status,
// within `timeout-seconds` (plus process start-up), with the process's memory bounded.
import { mkdtempSync, readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import net, { type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type SimulatorOptions } from '../src/simulator/server.js';
import { REPO_ROOT, runAction, startupAllowanceMs, type ActionRun, type Inputs } from './helpers/run-action.js';
import { findLeaks, splitMasking } from './helpers/leaks.js';

const KEY = 'sk-6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d';
const RSS_PRELOAD = path.join(REPO_ROOT, '__tests__/fixtures/report-rss.mjs');
/** Start-up of the bundled action plus scheduling slack, measured on this machine (helpers/run-action.ts). */
let MARGIN_MS = 2500;
beforeAll(async () => {
  MARGIN_MS = await startupAllowanceMs();
});

interface Measured {
  readonly run: ActionRun;
  /** Peak resident set size of the action's process, in MiB. */
  readonly peakRssMiB: number;
}

async function measured(baseUrl: string, inputs: Inputs): Promise<Measured> {
  const report = path.join(mkdtempSync(path.join(tmpdir(), 'rss-')), 'rss');
  const run = await runAction({ 'api-key': KEY, 'base-url': baseUrl, ...inputs }, { env: { NODE_OPTIONS: `--import=${RSS_PRELOAD}`, PREFLIGHT_RSS_REPORT: report }, timeoutMs: 30_000 });
  return { run, peakRssMiB: Number(readFileSync(report, 'utf8')) / 1024 };
}

async function againstSim(options: SimulatorOptions, inputs: Inputs): Promise<Measured> {
  const sim = await startSimulator({ accounts: { [KEY]: {} }, ...options });
  try {
    return await measured(sim.url, inputs);
  } finally {
    await sim.close();
  }
}

/** A TCP server that does whatever `onSocket` says with each connection. */
async function againstRaw(onSocket: (socket: Socket) => void, inputs: Inputs): Promise<Measured> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await measured(`http://127.0.0.1:${port}`, inputs);
  } finally {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Writes `chunk` as fast as the socket takes it, forever (until the client hangs up). */
function flood(socket: Socket, head: string, chunk: Buffer): void {
  socket.once('data', () => {
    socket.write(head);
    const pump = (): void => {
      while (!socket.destroyed) if (!socket.write(chunk)) return void socket.once('drain', pump);
    };
    pump();
  });
}

let baselineRssMiB = 0;

beforeAll(async () => {
  const { run, peakRssMiB } = await againstSim({}, {});
  expect(run.outputs.status).toBe('ok');
  baselineRssMiB = peakRssMiB;
});

describe('an endpoint that sends too much', () => {
  it('64 MiB of body is cut at 256 KiB: wrong_endpoint, quickly, with bounded memory', async () => {
    const { run, peakRssMiB } = await againstSim({ always: { kind: 'huge', bytes: 64 * 1024 * 1024 } }, { 'timeout-seconds': '10' });
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.summary).toContain('more than 256 KiB');
    expect(run.durationMs).toBeLessThan(5000 + MARGIN_MS);
    expect(peakRssMiB - baselineRssMiB).toBeLessThan(24);
  });

  it('an endless chunked body is cut the same way', async () => {
    const { run, peakRssMiB } = await againstRaw(
      (socket) => flood(socket, 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n', Buffer.from(`10000\r\n${' '.repeat(0x10000)}\r\n`)),
      { 'timeout-seconds': '10' },
    );
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.summary).toContain('more than 256 KiB');
    expect(run.durationMs).toBeLessThan(5000 + MARGIN_MS);
    expect(peakRssMiB - baselineRssMiB).toBeLessThan(24);
  });

  it('endless headers end as unreachable, not a crash and not a hang', async () => {
    const { run, peakRssMiB } = await againstRaw((socket) => flood(socket, 'HTTP/1.1 200 OK\r\nx-pad: ', Buffer.alloc(64 * 1024, 0x61)), { 'timeout-seconds': '5', retries: '0' });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.durationMs).toBeLessThan(5000 + MARGIN_MS);
    expect(peakRssMiB - baselineRssMiB).toBeLessThan(24);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('an endpoint that is slow or silent ends within the deadline', () => {
  const TIMEOUT_S = 2;
  it.concurrent.each([
    ['never answers', { always: { kind: 'hang' } }, /No complete answer .* within `?timeout-seconds`? \(2 s\)/],
    ['stalls after part of the body', { always: { kind: 'stall_mid_body' } }, /No complete answer/],
    ['drips a blank line every 100 ms, forever', { always: { kind: 'keepalive', blankLines: 100_000, intervalMs: 100 } }, /No complete answer/],
  ] as Array<[string, SimulatorOptions, RegExp]>)('%s: unreachable (timeout)', async (_name, options, cause) => {
    const { run } = await againstSim(options, { 'timeout-seconds': String(TIMEOUT_S), retries: '10' });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.outputs.message).toMatch(cause);
    expect(run.exitCode).toBe(0);
    expect(run.durationMs).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 200);
    expect(run.durationMs).toBeLessThan(TIMEOUT_S * 1000 + MARGIN_MS);
  });

  it('a drip that never ends blocks the deploy with fail-on-outage, still on time', async () => {
    const { run } = await againstSim({ always: { kind: 'keepalive', blankLines: 100_000, intervalMs: 50 } }, { 'timeout-seconds': '1', 'fail-on-outage': 'true' });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.exitCode).toBe(1);
    expect(run.durationMs).toBeLessThan(1000 + MARGIN_MS);
  });

  it('accepts the connection and never reads it', async () => {
    const { run } = await againstRaw(() => undefined, { 'timeout-seconds': String(TIMEOUT_S) });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.durationMs).toBeLessThan(TIMEOUT_S * 1000 + MARGIN_MS);
  });
});

describe('an endpoint that resets the connection', () => {
  it.concurrent.each([
    ['before answering', { always: { kind: 'reset' } }],
    ['in the middle of the body', { always: { kind: 'reset_mid_body' } }],
  ] as Array<[string, SimulatorOptions]>)('%s: unreachable (reset), retried, within the deadline', async (_name, options) => {
    const sim = await startSimulator({ accounts: { [KEY]: {} }, ...options });
    try {
      const run = await runAction({ 'api-key': KEY, 'base-url': sim.url, 'timeout-seconds': '5', retries: '1' });
      expect(run.outputs.status).toBe('unreachable');
      expect(run.outputs.message).toMatch(/closed before a complete answer/);
      // Retried once per endpoint: two requests each.
      expect(sim.requests.filter((r) => r.path === '/models')).toHaveLength(2);
      expect(run.durationMs).toBeLessThan(5000 + MARGIN_MS);
    } finally {
      await sim.close();
    }
  });

  it('a reset once, then a good answer: ok', async () => {
    const { run } = await againstSim({ script: { models: [{ kind: 'reset_mid_body' }], balance: [{ kind: 'reset' }] } }, { retries: '2' });
    expect(run.outputs.status).toBe('ok');
  });
});

const MODELS_JSON = JSON.stringify({ object: 'list', data: [{ id: 'deepseek-chat', object: 'model', owned_by: 'deepseek' }] });
const BALANCE_JSON = JSON.stringify({ is_available: true, balance_infos: [{ currency: 'USD', total_balance: '5.00', granted_balance: '0.00', topped_up_balance: '5.00' }] });

/** A raw HTTP server that answers both endpoints with the API's JSON, framed by `answer`; records request heads. */
const UNAUTHORIZED_JSON = JSON.stringify({
  error: { message: 'Authentication Fails (auth header format should be Bearer sk-...)', type: 'authentication_error', param: null, code: 'invalid_request_error' },
});

function rawApi(answer: (json: string) => Buffer | string, heads: string[] = []): (socket: Socket) => void {
  return (socket) => {
    let head = '';
    socket.on('data', (data: Buffer) => {
      head += data.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      // Like the API, a request without a key is refused: that is how the key is proven off DeepSeek's host.
      if (!/^authorization:/im.test(head)) {
        socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${UNAUTHORIZED_JSON.length}\r\n\r\n${UNAUTHORIZED_JSON}`);
        head = '';
        return;
      }
      heads.push(head);
      const path = /^GET (\S+)/.exec(head)?.[1] ?? '';
      socket.end(answer(path.endsWith('/models') ? MODELS_JSON : BALANCE_JSON));
      head = '';
    });
  };
}

const framed = (headers: string, body: Buffer): Buffer => Buffer.concat([Buffer.from(`${headers}content-length: ${body.length}\r\n\r\n`), body]);

describe('an endpoint that frames its answer unusually', () => {
  it('compresses although asked not to (gzip, br): decoded, ok; the request asked for identity', async () => {
    const heads: string[] = [];
    let n = 0;
    const { run } = await againstRaw(
      rawApi(
        (json) =>
          n++ % 2 === 0
            ? framed('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n', gzipSync(json))
            : framed('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: br\r\n', brotliCompressSync(json)),
        heads,
      ),
      { retries: '0' },
    );
    expect(run.outputs.status).toBe('ok');
    expect(heads).toHaveLength(2);
    for (const head of heads) expect(head).toMatch(/^accept-encoding: identity\r$/im);
  });

  it('a gzip bomb (64 MiB of spaces in 64 KiB) is cut at 256 KiB decoded, with bounded memory', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    const { run, peakRssMiB } = await againstRaw(
      rawApi(() => framed('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n', bomb)),
      { retries: '0' },
    );
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.summary).toContain('more than 256 KiB');
    expect(peakRssMiB - baselineRssMiB).toBeLessThan(24);
  });

  it('an unknown Content-Encoding is reported as such, not as "not JSON"', async () => {
    const { run } = await againstRaw(
      rawApi((json) => framed('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: zstd\r\n', Buffer.from(json))),
      { retries: '0' },
    );
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.outputs.message).toMatch(/compressed as "zstd"/);
  });

  it('a Content-Encoding that echoes the key is redacted like any server text', async () => {
    const { run } = await againstRaw(
      rawApi((json) => framed(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: ${KEY}\r\n`, Buffer.from(json))),
      { retries: '0' },
    );
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(findLeaks(splitMasking(run).rest, [KEY])).toEqual([]);
    expect(run.outputs.message).toMatch(/compressed as "\S*\*\*\*/);
  });

  it('sends 100 Continue before the real answer: ok, not unreachable', async () => {
    const { run } = await againstRaw(
      rawApi((json) => `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${json.length}\r\n\r\n${json}`),
      { retries: '0' },
    );
    expect(run.outputs.status).toBe('ok');
  });

  it('sends 100 Continue in pieces, twice, then the answer: ok', async () => {
    const { run } = await againstRaw(
      (socket) => {
        socket.once('data', (data: Buffer) => {
          const head = data.toString('latin1');
          if (!/^authorization:/im.test(head)) return void socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-length: ${UNAUTHORIZED_JSON.length}\r\n\r\n${UNAUTHORIZED_JSON}`);
          const json = /^GET \S*\/models /.test(head) ? MODELS_JSON : BALANCE_JSON;
          socket.write('HTTP/1.1 10');
          setTimeout(() => socket.write('0 Continue\r\nx-a: b\r\n\r\nHTTP/1.1 100 Continue\r\n'), 30);
          setTimeout(() => socket.end(`\r\nHTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${json.length}\r\n\r\n${json}`), 60);
        });
      },
      { retries: '0' },
    );
    expect(run.outputs.status).toBe('ok');
  });
});

// A DNS server that never answers: __tests__/dead-dns.e2e.test.ts runs the real resolver against one.
