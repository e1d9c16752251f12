// Which proxy, if any, a request to a URL goes through: the same variables undici's
// EnvHttpProxyAgent reads (either case, lower case first), so a failure can name the proxy
// rather than blame the API. Pure; returns host:port only, never the proxy's credentials.
type Env = Readonly<Record<string, string | undefined>>;

function variable(env: Env, name: string): string {
  return (env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '').trim();
}

function bypassed(host: string, port: string, noProxy: string): boolean {
  if (noProxy === '*') return true;
  return noProxy.split(/[,\s]+/).some((entry) => {
    if (!entry) return false;
    const [entryHost = '', entryPort] = entry.replace(/^\*?\./, '.').split(/:(?=\d+$)/);
    if (entryPort && entryPort !== port) return false;
    const bare = entryHost.replace(/^\./, '').toLowerCase();
    return host === bare || host.endsWith(`.${bare}`);
  });
}

export function hasProxyVariables(env: Env): boolean {
  return variable(env, 'https_proxy') !== '' || variable(env, 'http_proxy') !== '';
}

export function proxyFor(target: string, env: Env): string | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  const proxy = url.protocol === 'https:' ? variable(env, 'https_proxy') || variable(env, 'http_proxy') : variable(env, 'http_proxy');
  if (!proxy) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (bypassed(host, port, variable(env, 'no_proxy'))) return undefined;
  try {
    const parsed = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
    return parsed.host;
  } catch {
    return 'the configured proxy';
  }
}
