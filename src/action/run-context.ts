// Facts about this workflow run that explain an empty secret. Reads the event payload through
// @actions/github's Context, loaded only on that path (most runs have a key). Its module, not the
// package index, which would also bundle Octokit and its REST endpoint table for nothing; the
// `@actions/github/lib/*` path is mapped like `@actions/core/lib/*` (see ./actions-core.ts).
import type { RunContext, WithheldReason } from '../core/verdict/findings.js';

type Env = Readonly<Record<string, string | undefined>>;

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment']);

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

export function secretsUrls(env: Env): Pick<RunContext, 'secretsUrl' | 'dependabotSecretsUrl'> {
  const server = env.GITHUB_SERVER_URL;
  const repo = env.GITHUB_REPOSITORY;
  if (!server || !repo || !/^https:\/\/[^\s"'<>]+$/.test(server) || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return {};
  return { secretsUrl: `${server}/${repo}/settings/secrets/actions`, dependabotSecretsUrl: `${server}/${repo}/settings/secrets/dependabot` };
}

export async function readRunContext(env: Env, keyPresent: boolean): Promise<RunContext> {
  const urls = secretsUrls(env);
  if (keyPresent) return urls;
  let payload: PullRequestPayload | undefined;
  if (env.GITHUB_EVENT_PATH) {
    try {
      const { Context } = await import('@actions/github/lib/context.js');
      payload = new Context().payload as PullRequestPayload;
    } catch {
      payload = undefined;
    }
  }
  const withheld = withheldReason(env, payload);
  return withheld ? { ...urls, withheld } : urls;
}
