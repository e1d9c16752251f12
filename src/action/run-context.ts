// Facts about this workflow run that explain an empty secret, and the links to the repository's
// secrets settings. Everything here comes from runner-set variables and the event payload file:
// input like any other (docs/security-model.md). The payload is read by us, through the one opener
// of runner files, not by @actions/github's Context, which prints a missing GITHUB_EVENT_PATH
// (runner-set text) straight to stdout, past the inert writer.
import type { RunContext, WithheldReason } from '../core/verdict/findings.js';
import { serverPageUrl } from '../core/text/links.js';
import { readRunnerFile } from './runner-files.js';

type Env = Readonly<Record<string, string | undefined>>;

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment']);

/** GitHub caps a webhook payload at 25 MB; anything larger is not an event payload, and is not read. */
export const MAX_EVENT_PAYLOAD_BYTES = 25 * 1024 * 1024;

interface PullRequestPayload {
  pull_request?: { head?: { repo?: { full_name?: string; fork?: boolean } | null }; base?: { repo?: { full_name?: string } } };
}

/** Pure: the reason GitHub withheld secrets from this run, if it did. */
export function withheldReason(env: Env, payload: PullRequestPayload | undefined): WithheldReason | undefined {
  if (env.GITHUB_ACTOR === 'dependabot[bot]') return 'dependabot';
  if (!PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? '')) return undefined;
  const pr = payload?.pull_request;
  const head = pr?.head?.repo;
  const base = pr?.base?.repo?.full_name ?? env.GITHUB_REPOSITORY;
  // From a fork: the head repository is another one (or was deleted: head.repo is null). Not
  // `head.repo.fork`, which is true for every pull request inside a repository that is a fork.
  if (pr && (head === null || (head?.full_name !== undefined && base !== undefined && head.full_name !== base))) return 'fork_pull_request';
  return undefined;
}

/** The repository's secrets pages on this server: only from a server that is an https origin and a plain `owner/name`. */
export function secretsUrls(env: Env): Pick<RunContext, 'secretsUrl' | 'dependabotSecretsUrl'> {
  const repo = env.GITHUB_REPOSITORY ?? '';
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) return {};
  const secretsUrl = serverPageUrl(env.GITHUB_SERVER_URL, `${repo}/settings/secrets/actions`);
  const dependabotSecretsUrl = serverPageUrl(env.GITHUB_SERVER_URL, `${repo}/settings/secrets/dependabot`);
  return secretsUrl && dependabotSecretsUrl ? { secretsUrl, dependabotSecretsUrl } : {};
}

/** The event payload, or undefined when there is none that can be read as JSON within the caps. */
async function readEventPayload(file: string | undefined): Promise<PullRequestPayload | undefined> {
  if (!file) return undefined;
  try {
    const payload: unknown = JSON.parse(await readRunnerFile(file, MAX_EVENT_PAYLOAD_BYTES));
    return typeof payload === 'object' && payload !== null ? payload : undefined;
  } catch {
    // Not there, not a regular file, too large, not JSON, nested past the parser's depth: no facts.
    return undefined;
  }
}

export async function readRunContext(env: Env, keyPresent: boolean): Promise<RunContext> {
  const urls = secretsUrls(env);
  if (keyPresent) return urls;
  const withheld = withheldReason(env, await readEventPayload(env.GITHUB_EVENT_PATH));
  return withheld ? { ...urls, withheld } : urls;
}
