// Where a person fixes things. Trusted constants only.
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
