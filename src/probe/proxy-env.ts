// Which proxy, if any, a request to a URL goes through, read from the variables curl and undici
// read: for an https URL `https_proxy`, `HTTPS_PROXY`, then `http_proxy`, `HTTP_PROXY` (lower case
// first in each pair, as curl does; an empty lower-case variable still wins, so it can switch the
// upper-case one off). `NO_PROXY`/`no_proxy` as curl documents it, plus undici's `host:port` and
// `*.domain` forms. Pure, and it never throws: a value that is not a usable proxy URL is a
// result (`invalid`), which the diagnosis names by its variable, never by its value (it may hold
// a password).
type Env = Readonly<Record<string, string | undefined>>;

export interface ProxyChoice {
  readonly kind: 'proxy';
  /** The variable the proxy came from, spelled as it was set (`HTTPS_PROXY`, `https_proxy`…). */
  readonly variable: string;
  /** host:port, as shown to the user (never the credentials). */
  readonly hostPort: string;
  /** scheme://host:port, without credentials: what the tunnel connects to. */
  readonly uri: string;
  /** `Basic …` from the URL's user and password, decoded once. */
  readonly authorization?: string;
}

export interface InvalidProxy {
  readonly kind: 'invalid';
  readonly variable: string;
  /** Why the value cannot be used, in words that never quote the value. */
  readonly problem: string;
}

export type ProxyDecision = ProxyChoice | InvalidProxy | undefined;

/** The first set variable of the pair, lower case first; undefined when neither is set. */
function variableOf(env: Env, name: string): { variable: string; value: string } | undefined {
  for (const variable of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[variable];
    if (value !== undefined) return { variable, value: value.trim() };
  }
  return undefined;
}

function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** An IPv6 address as 8 groups, or undefined (no embedded IPv4 form: rare in NO_PROXY). */
function parseIPv6(text: string): number[] | undefined {
  if (!/^[0-9a-f:]+$/i.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const known = head.length + tail.length;
  if ([...head, ...tail].some(Number.isNaN) || (halves.length === 1 ? known !== 8 : known > 7)) return undefined;
  return [...head, ...new Array<number>(8 - known).fill(0), ...tail];
}

function inCidr(host: string, entry: string): boolean {
  const [network = '', bitsText] = entry.split('/');
  const bits = bitsText === undefined ? undefined : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  const h4 = parseIPv4(host);
  const n4 = parseIPv4(network);
  if (h4 !== undefined && n4 !== undefined) {
    const b = bits ?? 32;
    if (!(b >= 0 && b <= 32)) return false;
    const size = 2 ** (32 - b);
    return Math.floor(h4 / size) === Math.floor(n4 / size);
  }
  const h6 = parseIPv6(host);
  const n6 = parseIPv6(network);
  if (h6 && n6) {
    const b = bits ?? 128;
    if (!(b >= 0 && b <= 128)) return false;
    for (let i = 0, left = b; left > 0; i++, left -= 16) {
      const take = Math.min(16, left);
      const mask = (0xffff << (16 - take)) & 0xffff;
      if (((h6[i] ?? 0) & mask) !== ((n6[i] ?? 0) & mask)) return false;
    }
    return true;
  }
  return false;
}

/** curl's rules: `*` is everything; `example.com`, `.example.com` and `*.example.com` match it and its subdomains. */
export function bypassesProxy(host: string, port: string, noProxy: string): boolean {
  const name = host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  return noProxy.split(/[,\s]+/).some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry === '') return false;
    if (entry === '*') return true;
    // host:port (undici, Go), [v6]:port; a bare IPv6 address has colons of its own.
    let entryHost = entry;
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entryHost = bracketed[1] ?? '';
      entryPort = bracketed[2];
    } else if (!parseIPv6(entry.split('/')[0] ?? '')) {
      const withPort = /^(.*):(\d+)$/.exec(entry);
      if (withPort) {
        entryHost = withPort[1] ?? '';
        entryPort = withPort[2];
      }
    }
    if (entryPort !== undefined && entryPort !== port) return false;
    if (parseIPv4(name) !== undefined || parseIPv6(name)) return inCidr(name, entryHost);
    const domain = entryHost.replace(/^\*?\./, '').replace(/\.$/, '');
    return domain !== '' && (name === domain || name.endsWith(`.${domain}`));
  });
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** A proxy variable's value as a URL undici can tunnel through, or why it cannot be one. */
export function parseProxyValue(variable: string, value: string): ProxyChoice | InvalidProxy {
  const invalid = (problem: string): InvalidProxy => ({ kind: 'invalid', variable, problem });
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return invalid(/^socks/.test(scheme) ? `it names a ${scheme} proxy; only http:// and https:// proxies are supported` : `its scheme is not http:// or https://`);
  }
  if (/[\s<>"{}|\\^`]/.test(value)) return invalid('it contains spaces or characters a URL cannot have');
  let url: URL;
  try {
    // curl reads a value without a scheme (`proxy.corp:3128`, common on self-hosted runners) as http://.
    url = new URL(scheme ? value : `http://${value}`);
  } catch {
    return invalid('it is not a URL of the form http://host:port');
  }
  if (url.hostname === '') return invalid('it has no host name');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') return invalid('it has a path or query after host:port');
  const user = decode(url.username);
  const password = decode(url.password);
  if (user === undefined || password === undefined) return invalid('its user name or password has a malformed %-escape');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const hostPort = `${url.hostname}:${port}`;
  return {
    kind: 'proxy',
    variable,
    hostPort,
    uri: `${url.protocol}//${hostPort}`,
    ...(user || password ? { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } : {}),
  };
}

/** The proxy a request to `target` goes through, undefined for a direct connection. */
export function proxyFor(target: string, env: Env): ProxyDecision {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  const names = url.protocol === 'https:' ? ['https_proxy', 'http_proxy'] : ['http_proxy'];
  let chosen: { variable: string; value: string } | undefined;
  for (const name of names) {
    chosen = variableOf(env, name);
    if (chosen?.value) break;
  }
  if (!chosen?.value) return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (bypassesProxy(url.hostname, port, variableOf(env, 'no_proxy')?.value ?? '')) return undefined;
  return parseProxyValue(chosen.variable, chosen.value);
}
