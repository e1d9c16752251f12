// Where a person fixes things: trusted constants, and the pages of the GitHub server this run is
// on, built from the environment only as parsed, re-serialized link targets.
import { link, type Text } from './text.js';

export const LINKS = {
  apiKeys: 'https://platform.deepseek.com/api_keys',
  topUp: 'https://platform.deepseek.com/top_up',
  usage: 'https://platform.deepseek.com/usage',
  status: 'https://status.deepseek.com',
  models: 'https://api-docs.deepseek.com/quick_start/pricing',
  apiDocs: 'https://api-docs.deepseek.com/',
  forkSecrets: 'https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions#using-secrets-in-a-workflow',
  dependabotSecrets: 'https://docs.github.com/en/code-security/dependabot/troubleshooting-dependabot/troubleshooting-dependabot-on-github-actions#accessing-secrets',
  extraCaCerts: 'https://nodejs.org/api/cli.html#node_extra_ca_certsfile',
} as const;

export const apiKeysLink: Text = link('DeepSeek platform → API keys', LINKS.apiKeys);
export const topUpLink: Text = link('DeepSeek platform → Top up', LINKS.topUp);
export const statusLink: Text = link('DeepSeek status page', LINKS.status);
export const apiDocsLink: Text = link('DeepSeek API docs', LINKS.apiDocs);

// ---- Links built from the environment ------------------------------------------------------------

/** Characters a Markdown link destination reads (or a reader could be fooled by), percent-encoded. */
function linkTargetOnly(href: string): string {
  return href.replace(/[\s()<>[\]\\`"'*_!{}|^]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * A page of the GitHub server this run is on. GITHUB_SERVER_URL is runner-set, so untrusted: it
 * must parse as an https origin with a plain host name, and nothing more (no credentials, path,
 * query or fragment). The page is built by the URL parser from that origin and each path segment,
 * re-serialized, and every character Markdown reads in a link destination is percent-encoded, so
 * that the result can only ever be the target of a link. Undefined for any other value.
 */
export function serverPageUrl(server: string | undefined, page: string): string | undefined {
  let origin: URL;
  try {
    origin = new URL(server ?? '');
  } catch {
    return undefined;
  }
  const plainHost = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/.test(origin.hostname);
  if (origin.protocol !== 'https:' || !plainHost || origin.username || origin.password || origin.pathname !== '/' || origin.search || origin.hash) return undefined;
  const path = page.split('/').map(encodeURIComponent).join('/');
  return linkTargetOnly(new URL(path, `${origin.origin}/`).href);
}
