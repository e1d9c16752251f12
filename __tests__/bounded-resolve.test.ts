// The resolver that never starts a getaddrinfo able to outlive the deadline, against real DNS
// servers on loopback (UDP): one that never answers, one that says the name does not exist, one
// that gives an address. getaddrinfo (step 4) is injected, to see whether it is ever called.
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { boundedResolver, hostsEntries } from '../src/probe/bounded-resolve.js';
import type { LookupFunction } from '../src/probe/lookup.js';
import { loadAllowanceMs } from './helpers/timing.js';

type Answer = 'silent' | 'nxdomain' | 'nxdomain-for-a-only' | { a: string };

/** A DNS server on loopback UDP: drops every query, answers NXDOMAIN, or gives one A record (and no AAAA). */
async function dnsServer(answer: Answer): Promise<{ server: string; queries: number; close: () => Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  const state = { queries: 0 };
  socket.on('message', (query, from) => {
    state.queries++;
    if (answer === 'silent') return;
    const type = query.readUInt16BE(query.length - 4);
    // NXDOMAIN for A, nothing at all for AAAA (type 28): half an answer.
    if (answer === 'nxdomain-for-a-only' && type === 28) return;
    const reply = Buffer.from(query);
    reply[2] = (reply[2]! | 0x80) & ~0x02; // a response, not truncated
    const nx = answer === 'nxdomain' || answer === 'nxdomain-for-a-only';
    reply[3] = 0x80 | (nx ? 3 : 0); // recursion available; NXDOMAIN or NOERROR
    if (typeof answer === 'object' && type === 1) {
      reply.writeUInt16BE(1, 6); // one answer
      const record = Buffer.alloc(16);
      record.writeUInt16BE(0xc00c, 0); // the question's name
      record.writeUInt16BE(1, 2); // A
      record.writeUInt16BE(1, 4); // IN
      record.writeUInt32BE(60, 6);
      record.writeUInt16BE(4, 10);
      answer.a.split('.').forEach((octet, i) => (record[12 + i] = Number(octet)));
      socket.send(Buffer.concat([reply, record]), from.port, from.address);
      return;
    }
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    get queries() {
      return state.queries;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function lookupOnce(
  lookup: LookupFunction,
  host: string,
  options: { family?: number; all?: boolean } = {},
): Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => lookup(host, options, (error, address, family) => resolve({ error, address, ...(family !== undefined ? { family } : {}), ms: Date.now() - started })));
}

const dir = mkdtempSync(path.join(tmpdir(), 'preflight-hosts-'));
const HOSTS = path.join(dir, 'hosts');
writeFileSync(HOSTS, '127.0.0.1 localhost\n# 10.0.0.9 commented.example\n10.1.2.3\tgw.corp.example gw  # the gateway\n::1 ip6-localhost\nfe80::1 gw.corp.example\nnot-an-address bogus.example\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A getaddrinfo stand-in that records its calls and answers from a table. */
function fakeSystem(answer: string | undefined): { lookup: LookupFunction; calls: string[] } {
  const calls: string[] = [];
  const lookup: LookupFunction = (host, _options, callback) => {
    calls.push(host);
    if (answer) callback(null, answer, 4);
    else callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), '');
  };
  return { lookup, calls };
}

describe('a DNS server that never answers', () => {
  it('the lookup fails at the timeout, getaddrinfo is never started, and cancel() ends it at once', async () => {
    const dns = await dnsServer('silent');
    const system = fakeSystem('10.9.9.9');
    try {
      const allowance = await loadAllowanceMs();
      const { lookup } = boundedResolver({ timeoutMs: 400, hostsFile: HOSTS, systemLookup: system.lookup, servers: [dns.server] });
      const result = await lookupOnce(lookup, 'gw.example.com');
      expect(result.error?.code).toBe('EAI_AGAIN');
      expect(result.ms).toBeLessThan(3000 + allowance);
      expect(dns.queries).toBeGreaterThan(0);
      expect(system.calls).toEqual([]);

      const resolver = boundedResolver({ timeoutMs: 30_000, hostsFile: HOSTS, systemLookup: system.lookup, servers: [dns.server] });
      const pending = lookupOnce(resolver.lookup, 'gw.example.com');
      await new Promise((resolve) => setTimeout(resolve, 100));
      resolver.cancel();
      const cancelled = await pending;
      expect(cancelled.error?.code).toBe('ECANCELLED');
      expect(cancelled.ms).toBeLessThan(1000 + allowance);
      expect(system.calls).toEqual([]);
    } finally {
      await dns.close();
    }
  });
});

describe('a DNS server that answers one family and stays silent on the other', () => {
  it('NXDOMAIN for A, silence for AAAA: no answer (EAI_AGAIN), and getaddrinfo is never started', async () => {
    // Falling back to getaddrinfo when only *some* answers are definitive would start a lookup that
    // waits on the silent server past the deadline: what this module exists to prevent.
    const dns = await dnsServer('nxdomain-for-a-only');
    const system = fakeSystem('10.9.9.9');
    try {
      const { lookup } = boundedResolver({ timeoutMs: 400, hostsFile: HOSTS, systemLookup: system.lookup, servers: [dns.server] });
      const result = await lookupOnce(lookup, 'gw.example.com');
      expect(result.error?.code).toBe('EAI_AGAIN');
      expect(dns.queries).toBeGreaterThanOrEqual(2);
      expect(system.calls).toEqual([]);
    } finally {
      await dns.close();
    }
  });
});

describe('a DNS server that answers', () => {
  it('an address comes from c-ares, without getaddrinfo', async () => {
    const dns = await dnsServer({ a: '10.20.30.40' });
    const system = fakeSystem('10.9.9.9');
    try {
      const { lookup } = boundedResolver({ timeoutMs: 5000, hostsFile: HOSTS, systemLookup: system.lookup, servers: [dns.server] });
      expect(await lookupOnce(lookup, 'gw.example.com')).toMatchObject({ error: null, address: '10.20.30.40', family: 4 });
      expect(await lookupOnce(lookup, 'gw.example.com', { all: true })).toMatchObject({ error: null, address: [{ address: '10.20.30.40', family: 4 }] });
      expect(system.calls).toEqual([]);
    } finally {
      await dns.close();
    }
  });

  it('"no such name", answered fast, hands over to getaddrinfo for the sources c-ares does not read', async () => {
    const dns = await dnsServer('nxdomain');
    const system = fakeSystem('10.9.9.9');
    try {
      const { lookup } = boundedResolver({ timeoutMs: 5000, hostsFile: HOSTS, systemLookup: system.lookup, servers: [dns.server] });
      expect(await lookupOnce(lookup, 'printer.local')).toMatchObject({ error: null, address: '10.9.9.9' });
      expect(system.calls).toEqual(['printer.local']);
    } finally {
      await dns.close();
    }
  });
});

describe('names that need no DNS', () => {
  const never: LookupFunction = () => {
    throw new Error('getaddrinfo must not be called');
  };
  const { lookup } = boundedResolver({ timeoutMs: 1000, hostsFile: HOSTS, systemLookup: never, servers: ['127.0.0.1:1'] });

  it.each([
    ['an IPv4 literal', '10.0.0.5', {}, '10.0.0.5', 4],
    ['an IPv6 literal', '::1', {}, '::1', 6],
    ['localhost', 'localhost', {}, '127.0.0.1', 4],
    ['localhost, IPv6 asked', 'LOCALHOST.', { family: 6 }, '::1', 6],
    ['a hosts entry (an alias, any case)', 'GW', {}, '10.1.2.3', 4],
    ['a hosts entry, IPv6 asked', 'gw.corp.example', { family: 6 }, 'fe80::1', 6],
  ])('%s', async (_name, host, options, address, family) => {
    expect(await lookupOnce(lookup, host, options)).toMatchObject({ error: null, address, family });
  });

  it('all: every address of a hosts entry, IPv4 first', async () => {
    expect((await lookupOnce(lookup, 'gw.corp.example', { all: true })).address).toEqual([
      { address: '10.1.2.3', family: 4 },
      { address: 'fe80::1', family: 6 },
    ]);
  });
});

describe('the hosts file', () => {
  it('skips comments and lines without an address, and matches whole names only', () => {
    const content = '# 1.2.3.4 a.example\n1.2.3.4 a.example b.example\nnot-ip a.example\n5.6.7.8 xa.example # a.example\n';
    expect(hostsEntries(content, 'a.example')).toEqual([{ address: '1.2.3.4', family: 4 }]);
    expect(hostsEntries(content, 'b.example')).toEqual([{ address: '1.2.3.4', family: 4 }]);
    expect(hostsEntries(content, 'c.example')).toEqual([]);
  });

  it('reads a large file in one linear pass', () => {
    const line = '10.0.0.1 ' + 'x'.repeat(60) + '.example\n';
    const file = (lines: number): string => line.repeat(lines) + '10.0.0.2 target.example\n';
    const [small, large] = [file(2_000), file(16_000)];
    expect(hostsEntries(large, 'target.example')).toEqual([{ address: '10.0.0.2', family: 4 }]);
    // Linear: 8 times the lines take about 8 times as long (quadratic would be 64; caches and GC add
    // a few times more at these sizes). Both timed in turn, fastest of 5 each, so load on the machine
    // does not decide (an absolute bound did); and a growth only counts when the large file costs
    // more than 200 ms even at its fastest — a quadratic pass over these 1.3 MB takes seconds.
    let [smallMs, largeMs] = [Infinity, Infinity];
    for (let i = 0; i < 5; i++) {
      let started = performance.now();
      hostsEntries(small, 'target.example');
      smallMs = Math.min(smallMs, performance.now() - started);
      started = performance.now();
      hostsEntries(large, 'target.example');
      largeMs = Math.min(largeMs, performance.now() - started);
    }
    const superLinear = largeMs / Math.max(smallMs, 0.05) > 24 && largeMs > 200;
    expect({ superLinear, smallMs, largeMs }).toEqual({ superLinear: false, smallMs, largeMs });
  });
});
