// Host name resolution that never outlives the run's deadline. getaddrinfo (`dns.lookup`) runs on
// libuv's thread pool and cannot be cancelled; worse, process.exit() joins the pool at exit, so a
// lookup stuck on a DNS server that never answers holds the process for the resolver's full timeout
// (about 10 s on Linux) whatever the code does afterwards. So getaddrinfo is only started when the
// DNS has already answered, fast, that it has no address for the name (see docs/network.md):
//   1. IP literals and `localhost` need no lookup;
//   2. an entry of the hosts file is used as it is;
//   3. otherwise c-ares (`dns.Resolver`) asks the DNS servers of resolv.conf: on the event loop, with
//      a timeout, cancelled when the client closes;
//   4. only when c-ares answers, before its timeout, that the name has no address does getaddrinfo
//      run, for the sources c-ares does not read (search domains, mDNS, LDAP… from nsswitch.conf).
import dns from 'node:dns';
import { closeSync, openSync, readSync } from 'node:fs';
import { isIP } from 'node:net';
import type { LookupFunction } from './lookup.js';

/** The hosts file; big ones exist (ad blockers), but past this size the rest is not read. */
const HOSTS_MAX_BYTES = 1024 * 1024;

/** Where the system keeps its hosts file. */
export const SYSTEM_HOSTS_FILE = process.platform === 'win32' ? `${process.env.SystemRoot ?? 'C:\\Windows'}\\System32\\drivers\\etc\\hosts` : '/etc/hosts';

/** Answers of c-ares that mean the DNS answered: no such name, or no address for it. */
const DEFINITIVE = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NXDOMAIN', 'EBADNAME', 'ESERVFAIL', 'EREFUSED', 'ECONNREFUSED', 'EFORMERR', 'EBADRESP', 'ENOTIMP']);

interface Address {
  readonly address: string;
  readonly family: 4 | 6;
}

function readBounded(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(HOSTS_MAX_BYTES);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.toString('latin1', 0, length);
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The addresses the hosts file gives `name` (lower case, no trailing dot), in file order. One pass over the lines. */
export function hostsEntries(content: string, name: string): Address[] {
  const found: Address[] = [];
  for (const line of content.split('\n')) {
    const hash = line.indexOf('#');
    const fields = (hash === -1 ? line : line.slice(0, hash)).trim().split(/\s+/);
    const family = isIP(fields[0] ?? '');
    if (family !== 4 && family !== 6) continue;
    if (fields.slice(1).some((alias) => alias.toLowerCase() === name)) found.push({ address: fields[0]!, family });
  }
  return found;
}

/** IPv4 first, as getaddrinfo orders most answers; then only the family asked for. */
function choose(addresses: readonly Address[], family: number): Address[] {
  const sorted = [...addresses.filter((a) => a.family === 4), ...addresses.filter((a) => a.family === 6)];
  return family === 4 || family === 6 ? sorted.filter((a) => a.family === family) : sorted;
}

function familyOf(options: dns.LookupOptions): number {
  const family = options.family as number | string | undefined;
  return family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : typeof family === 'number' ? family : 0;
}

function notFound(hostname: string, code = 'ENOTFOUND'): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname, syscall: 'getaddrinfo' });
}

export interface BoundedResolver {
  readonly lookup: LookupFunction;
  /** Cancels every c-ares query still waiting: nothing of this resolver keeps the process alive after it. */
  readonly cancel: () => void;
}

export interface BoundedResolverOptions {
  readonly timeoutMs: number;
  readonly hostsFile?: string;
  /** getaddrinfo, for step 4; read at call time. */
  readonly systemLookup?: LookupFunction;
  /** DNS servers to ask instead of resolv.conf's (tests: a server on loopback). */
  readonly servers?: readonly string[];
}

const defaultSystemLookup: LookupFunction = (hostname, options, callback) => dns.lookup(hostname, options, callback as never);

export function boundedResolver(options: BoundedResolverOptions): BoundedResolver {
  const { timeoutMs, hostsFile = SYSTEM_HOSTS_FILE, systemLookup = defaultSystemLookup, servers } = options;
  const resolvers = new Set<dns.promises.Resolver>();
  let cancelled = false;

  const ask = async (hostname: string, family: number): Promise<{ addresses: Address[] } | { fallBack: true } | { error: NodeJS.ErrnoException }> => {
    let resolver: dns.promises.Resolver;
    try {
      // tries: 1 — the timeout is the whole budget, not one attempt of several.
      resolver = new dns.promises.Resolver({ timeout: Math.max(1, Math.ceil(timeoutMs)), tries: 1 });
      if (servers) resolver.setServers([...servers]);
    } catch {
      return { fallBack: true };
    }
    resolvers.add(resolver);
    try {
      const settle = (family: 4 | 6, asked: boolean): Promise<{ addresses: Address[]; code?: string }> =>
        !asked
          ? Promise.resolve({ addresses: [], code: 'ENODATA' })
          : (family === 4 ? resolver.resolve4(hostname) : resolver.resolve6(hostname)).then(
              (found) => ({ addresses: found.map((address) => ({ address, family })) }),
              (error: unknown) => ({ addresses: [], code: String((error as { code?: unknown }).code) }),
            );
      let v6Answer: { addresses: Address[]; code?: string } | undefined;
      const v6 = settle(6, family !== 4).then((answer) => (v6Answer = answer));
      const v4 = await settle(4, family !== 6);
      // IPv4 first, as getaddrinfo orders most answers: some DNS servers drop AAAA queries, and
      // waiting for that one would cost the whole deadline when an IPv4 address is already known.
      if (v4.addresses.length > 0) return { addresses: [...v4.addresses, ...(v6Answer?.addresses ?? [])] };
      const v6Final = await v6;
      if (v6Final.addresses.length > 0) return { addresses: v6Final.addresses };
      const codes = [v4.code, v6Final.code].map((code) => code ?? 'ENODATA');
      // A timeout or a cancellation is no answer: getaddrinfo would wait on the same silent server.
      if (codes.every((code) => DEFINITIVE.has(code))) return { fallBack: true };
      return { error: notFound(hostname, codes.includes('ECANCELLED') ? 'ECANCELLED' : 'EAI_AGAIN') };
    } finally {
      resolvers.delete(resolver);
    }
  };

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const family = familyOf(lookupOptions);
    const answer = (addresses: readonly Address[]): void => {
      const chosen = choose(addresses, family);
      if (chosen.length === 0) return callback(notFound(hostname), '');
      if (lookupOptions.all)
        return callback(
          null,
          chosen.map((a) => ({ address: a.address, family: a.family })),
        );
      callback(null, chosen[0]!.address, chosen[0]!.family);
    };
    const name = hostname.toLowerCase().replace(/\.$/, '');
    const literal = isIP(name.replace(/^\[|\]$/g, ''));
    if (literal === 4 || literal === 6) return answer([{ address: name.replace(/^\[|\]$/g, ''), family: literal }]);
    if (name === 'localhost')
      return answer([
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ]);
    const fromHosts = hostsEntries(readBounded(hostsFile), name);
    if (fromHosts.length > 0) return answer(fromHosts);
    if (cancelled) return callback(notFound(hostname, 'ECANCELLED'), '');
    void ask(hostname, family).then((result) => {
      if ('addresses' in result) answer(result.addresses);
      else if ('error' in result) callback(result.error, '');
      else if (cancelled) callback(notFound(hostname, 'ECANCELLED'), '');
      else systemLookup(hostname, lookupOptions, callback);
    });
  };

  const cancel = (): void => {
    cancelled = true;
    for (const resolver of resolvers) resolver.cancel();
  };
  return { lookup, cancel };
}
