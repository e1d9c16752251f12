// What can be decided before any request: a missing or malformed secret, an expired token, a wrong
// base-url. Pure. The plan also says which key, if any, is worth sending to the probe.
import type { Advisory, Finding, FixPlace, RunContext } from './findings.js';
import type { Settings } from '../input/inputs.js';
import { humanDuration } from '../secret/jwt.js';
import { describeRemovals, type KeyInspection } from '../secret/key-inspection.js';
import { LINKS, apiKeysLink } from '../text/links.js';
import { code, join, link, text, trusted, type Text } from '../text/text.js';
import { environmentLink, secretsPlace } from '../text/words.js';

const JWT_WARNING_WINDOW_MS = 7 * 86_400_000;
/** A token minted by a clock a little ahead of the runner's is not "not valid yet". */
const NBF_CLOCK_SKEW_MS = 60_000;

export interface ProbePlan {
  readonly findings: readonly Finding[];
  readonly advisories: readonly Advisory[];
  /** The key to probe with; undefined when a finding already decides the verdict. */
  readonly probeKey?: string;
  readonly skipped: boolean;
}

/** The secret's name as the workflow's `api-key:` line gives it, else the name the docs use. */
export const secretNameOf = (context: RunContext): string => context.secret?.name ?? 'DEEPSEEK_API_KEY';

/** Where a fix to the secret's value goes: the secret this step names, in the store GitHub reads first. */
export function secretPlace(context: RunContext): FixPlace {
  const environment = context.secret?.environment;
  return { kind: 'secret', name: secretNameOf(context), ...(environment ? { environment } : {}) };
}

/** The line that passes the secret to the step. */
const usage = (context: RunContext): Text => code(`api-key: \${{ secrets.${secretNameOf(context)} }}`);

/** Where the secret is kept: the job's environment when it declares one, else the repository's settings. */
export function secretHome(context: RunContext): Text {
  const environment = context.secret?.environment;
  // GitHub resolves a name in the job's environment first, then the repository, then the organization.
  return environment
    ? text`the secrets of the environment ${code(environment)}, which this job declares (${environmentLink(context, environment)}; an environment secret takes precedence over a repository or organization secret of the same name)`
    : secretsPlace(context);
}

/** Events whose runs get the repository's secrets: an empty one there is missing, not withheld. */
const TRUSTED_EVENTS = new Set(['push', 'workflow_dispatch', 'schedule', 'release', 'merge_group', 'pull_request_target']);

function missingKey(settings: Settings, context: RunContext): { finding?: Finding; advisory?: Advisory; skipped: boolean } {
  const { withheld } = context;
  const skip = settings.onMissingKey === 'skip' || (settings.onMissingKey === 'auto' && withheld !== undefined);
  if (withheld === 'dependabot') {
    const cause = text`This run was started by Dependabot. Dependabot runs get only **Dependabot** secrets, never Actions secrets, so \`api-key\` is empty. Nothing is broken, and this says nothing about the secret itself.`;
    const fix = [
      skip
        ? text`Nothing to fix: with \`on-missing-key: auto\` (the default) Dependabot runs are skipped with this warning; \`on-missing-key: fail\` fails them instead. ${link('GitHub: secrets on Dependabot runs', LINKS.dependabotSecrets)}.`
        : text`Nothing is wrong with the key: set \`on-missing-key: auto\` to skip Dependabot runs with a warning instead of failing them. ${link('GitHub: secrets on Dependabot runs', LINKS.dependabotSecrets)}.`,
      // A Dependabot secret is given to runs of dependency code Dependabot has just bumped: say so.
      text`Only if these runs must check the key: add ${code(secretNameOf(context))} as a Dependabot secret (${context.dependabotSecretsUrl ? link('Settings → Secrets and variables → Dependabot', context.dependabotSecretsUrl) : trusted('**Settings → Secrets and variables → Dependabot**', 'Settings → Secrets and variables → Dependabot')}). That hands the key to every Dependabot run, which executes the freshly bumped dependencies' code: prefer a separate key with a low spending limit.`,
    ];
    const place: FixPlace = { kind: 'none' };
    return skip
      ? { advisory: { kind: 'check_skipped', title: 'Key check skipped: Dependabot run', place, cause, fix }, skipped: true }
      : { finding: { status: 'missing_key', title: 'No DeepSeek key on a Dependabot run', place: { kind: 'input', input: 'on-missing-key' }, cause, fix }, skipped: false };
  }
  if (withheld === 'fork_pull_request') {
    const cause = text`This is a pull request from a fork. GitHub does not pass repository secrets to workflows run for forks, so \`api-key\` is empty. This says nothing about the secret itself.`;
    const fix = [
      text`Nothing to do: GitHub never gives secrets to pull requests from forks. The key is checked on pushes and on pull requests from this repository's branches. ${link('GitHub: secrets and forks', LINKS.forkSecrets)}.`,
      skip ? text`Set \`on-missing-key: fail\` to fail these runs instead.` : text`Set \`on-missing-key: auto\` to skip these runs with a warning instead of failing them.`,
    ];
    return skip
      ? { advisory: { kind: 'check_skipped', title: 'Key check skipped: pull request from a fork', place: { kind: 'none' }, cause, fix }, skipped: true }
      : { finding: { status: 'missing_key', title: 'No DeepSeek key on a pull request from a fork', place: { kind: 'input', input: 'on-missing-key' }, cause, fix }, skipped: false };
  }
  if (context.surface === 'cli') {
    const cause = text`No key: \`DEEPSEEK_API_KEY\` is unset or empty, and nothing was piped on stdin or typed at the prompt.`;
    const fix = [
      text`Pipe the key from where it is kept, e.g. \`pass show deepseek | deepseek-preflight\`, or run \`deepseek-preflight\` in a terminal to be prompted for it.`,
      text`Or set it in the environment of the command: \`DEEPSEEK_API_KEY=… deepseek-preflight\`. The key is never taken from a flag.`,
      text`A key can be copied from or created at ${apiKeysLink}.`,
    ];
    if (skip) return { advisory: { kind: 'check_skipped', title: 'Key check skipped: no key', place: secretPlace(context), cause, fix }, skipped: true };
    return { finding: { status: 'missing_key', title: 'No DeepSeek API key', place: secretPlace(context), cause, fix }, skipped: false };
  }
  const name = code(secretNameOf(context));
  const environment = context.secret?.environment;
  const named = context.secret !== undefined;
  const cause = named
    ? text`The \`api-key\` input is empty: this step passes the secret ${name}, and this job has no secret of that name${trusted(environment ? '' : ' (or it is not shared with this repository)')}.`
    : text`The \`api-key\` input is empty: the secret does not exist, has another name, or is not available to this job.`;
  // Most likely first, from what is known: the job's environment, a run that gets every secret.
  const create = text`Create the secret ${name} in ${secretHome(context)}, with the key from ${apiKeysLink}.`;
  const rename = text`If the key is already stored under another name, write that name in the step: ${usage(context)} becomes ${code('api-key: ${{ secrets.OTHER_NAME }}')}.`;
  const elsewhere = environment
    ? text`If it is a repository or organisation secret instead, the environment ${code(environment)} may hold an empty ${name} that hides it: delete that one.`
    : text`If the secret belongs to an environment, add \`environment: <name>\` to the job; if it is an organisation secret, share it with this repository; in a reusable workflow, pass it with \`secrets: inherit\` or by name.`;
  const fix =
    named && (environment !== undefined || TRUSTED_EVENTS.has(context.event ?? ''))
      ? [create, rename, elsewhere]
      : [create, text`Pass it to the step exactly as ${usage(context)}: the name after \`secrets.\` must match the secret's name.`, elsewhere];
  if (skip) return { advisory: { kind: 'check_skipped', title: 'Key check skipped: no key', place: secretPlace(context), cause, fix }, skipped: true };
  return { finding: { status: 'missing_key', title: 'No DeepSeek API key', place: secretPlace(context), cause, fix }, skipped: false };
}

/** Another provider's key is not sent: anywhere for most, to DeepSeek's own host for aggregators. */
function refusesProviderKey(inspection: KeyInspection, settings: Settings): boolean {
  const provider = inspection.otherProvider;
  if (!provider) return false;
  return !provider.gatewayMayAccept || !settings.baseUrl.ok || settings.baseUrl.endpoint.official;
}

function malformedKey(inspection: KeyInspection, settings: Settings, context: RunContext): Finding | undefined {
  const blockedProvider = refusesProviderKey(inspection, settings);
  if (inspection.problems.length === 0 && !blockedProvider) return undefined;
  const causes = inspection.problems.map((p) => p.cause);
  if (blockedProvider) {
    causes.push(
      text`The secret holds ${trusted(inspection.otherProvider?.description ?? '')}, not a DeepSeek key; it was not sent anywhere. The wrong secret is referenced, or the secret was overwritten.`,
    );
  }
  const cleanableOnly = inspection.candidate !== undefined && !blockedProvider;
  const fix: Text[] = [];
  if (context.surface === 'cli') {
    // At a terminal the key comes from DEEPSEEK_API_KEY or stdin, not from a repository secret.
    fix.push(
      cleanableOnly
        ? text`Give the key alone, without ${trusted(describeRemovals(inspection))}: set ${code('DEEPSEEK_API_KEY')} to it, or pipe it without a newline (${code('printf %s "$KEY" | deepseek-preflight')}).`
        : text`Copy the key again from ${apiKeysLink} (or create a new one) and give only the key, \`sk-\` followed by 32 characters, in ${code('DEEPSEEK_API_KEY')} or on stdin.`,
    );
  } else if (cleanableOnly) {
    // A secret cannot be viewed or edited in place, only replaced.
    fix.push(
      text`Update the secret ${code(secretNameOf(context))} in ${secretHome(context)} (→ Update) with the key alone, without ${trusted(describeRemovals(inspection))}${trusted(inspection.shape === 'deepseek' ? ': `sk-` followed by 32 characters' : '')}.`,
    );
    // Only a cause that a terminal makes (a line break or spaces at the edges) gets the terminal's step.
    if (inspection.problems.some((p) => p.kind === 'surrounding_whitespace'))
      fix.push(
        text`When setting it from a terminal, avoid a trailing newline: ${code(`printf %s "$KEY" | gh secret set ${secretNameOf(context)}${/^[\w.-]+$/.test(context.secret?.environment ?? '') ? ` --env ${context.secret?.environment ?? ''}` : ''}`)}.`,
      );
  } else {
    fix.push(
      text`Copy the key again from ${apiKeysLink} (or create a new one) and paste only the key, \`sk-\` followed by 32 characters, into the secret ${code(secretNameOf(context))} in ${secretHome(context)}.`,
    );
    fix.push(text`Check that the step passes the secret's value: ${usage(context)}.`);
  }
  return {
    status: 'malformed_key',
    place: secretPlace(context),
    title: cleanableOnly ? 'The DeepSeek key secret has extra characters' : 'The secret is not a usable DeepSeek key',
    cause: join(causes, ' '),
    fix,
  };
}

function expiry(inspection: KeyInspection, now: number, context: RunContext): { finding?: Finding; advisory?: Advisory } {
  const claims = inspection.jwt;
  if (!claims) return {};
  const renew = [
    text`Issue a new token from the gateway or identity provider that minted it, and update the secret.`,
    text`If tokens are short-lived, mint one in the workflow instead of storing it as a secret.`,
  ];
  const outOfRange = claims.outOfRange?.map((name) => `\`${name}\``).join(' and ');
  // A claim no date can hold is an invalid claim, said so; the other claim is still judged.
  const invalid = outOfRange
    ? ({
        advisory: {
          kind: 'token_claim_out_of_range',
          place: secretPlace(context),
          title: 'The token has an invalid date claim',
          cause: text`The key is a JWT whose ${trusted(outOfRange)} is not a date (too far from 1970 to be one), so it was not used to judge expiry. The key was sent as is.`,
          fix: renew.slice(0, 1),
        },
      } as const)
    : {};
  if (claims.nbf !== undefined && claims.nbf * 1000 > now + NBF_CLOCK_SKEW_MS) {
    const when = new Date(claims.nbf * 1000).toISOString();
    return {
      finding: {
        status: 'expired_token',
        kind: 'token_not_yet_valid',
        place: secretPlace(context),
        title: 'The token is not valid yet',
        cause: text`The key is a JWT whose \`nbf\` (not before) is ${when}, ${humanDuration(claims.nbf * 1000 - now)} from now. It was not sent.`,
        fix: [text`Check the clock of whatever minted the token, or wait until ${when}.`, ...renew.slice(0, 1)],
      },
    };
  }
  if (claims.exp === undefined) return invalid;
  const expMs = claims.exp * 1000;
  const when = new Date(expMs).toISOString();
  if (expMs <= now) {
    return {
      finding: {
        status: 'expired_token',
        kind: 'token_expired',
        place: secretPlace(context),
        title: 'The token has expired',
        cause: text`The key is a JWT that expired ${humanDuration(now - expMs)} ago (\`exp\` ${when}). It was not sent.`,
        fix: renew,
      },
    };
  }
  if (expMs - now <= JWT_WARNING_WINDOW_MS) {
    return {
      advisory: {
        kind: 'token_expires_soon',
        place: secretPlace(context),
        title: 'The token expires soon',
        cause: text`The key is a JWT that expires in ${humanDuration(expMs - now)} (\`exp\` ${when}). Deploys after that will fail.`,
        fix: renew,
      },
    };
  }
  return invalid;
}

export function planProbe(settings: Settings, inspection: KeyInspection, context: RunContext, now: number): ProbePlan {
  const findings: Finding[] = [];
  const advisories: Advisory[] = [];
  if (!inspection.present) {
    const missing = missingKey(settings, context);
    if (missing.finding) findings.push(missing.finding);
    if (missing.advisory) advisories.push(missing.advisory);
    return { findings, advisories, skipped: missing.skipped };
  }
  const malformed = malformedKey(inspection, settings, context);
  if (malformed) findings.push(malformed);
  const { finding: expired, advisory: expiring } = expiry(inspection, now, context);
  if (expired) findings.push(expired);
  if (expiring) advisories.push(expiring);
  if (!settings.baseUrl.ok) {
    const { problem } = settings.baseUrl;
    findings.push({
      status: 'wrong_endpoint',
      title: 'base-url is not a usable DeepSeek endpoint',
      place: { kind: 'input', input: 'base-url' },
      cause: text`${problem.cause} The key was not sent.`,
      fix: problem.fix,
    });
  }
  // Only a malformed-but-cleanable key is still probed: its cleaned form tells the user whether
  // fixing the secret is all it takes.
  const decided = findings.some((f) => f.status !== 'malformed_key') || (malformed !== undefined && inspection.candidate === undefined);
  const probeKey = decided || refusesProviderKey(inspection, settings) ? undefined : inspection.candidate;
  return { findings, advisories, skipped: false, ...(probeKey !== undefined ? { probeKey } : {}) };
}
