// The public vocabulary of the action: `status` output values, which of them block a deploy,
// and in which order they are reported when several things are wrong at once.

export const STATUSES = [
  'ok',
  'skipped',
  'missing_key',
  'malformed_key',
  'invalid_key',
  'expired_token',
  'insufficient_balance',
  'low_balance',
  'model_unavailable',
  'forbidden',
  'wrong_endpoint',
  'unreachable',
  'rate_limited',
  'server_error',
] as const;

export type Status = (typeof STATUSES)[number];

/**
 * The groups every rule reads, declared once. A new status joins the groups it belongs to here,
 * and every rule that asks "is this an outage / a rejected key / …" follows.
 */
const group = (...statuses: Status[]): ReadonlySet<Status> => new Set(statuses);
/** The endpoint could not give an answer about the key: nothing was learned about it. */
const OUTAGE_STATUSES = group('unreachable', 'rate_limited', 'server_error');
/** Never block the deploy. */
const PASSING_STATUSES = group('ok', 'skipped');
/** The endpoint refused the key: the Authentication check fails. */
export const KEY_REFUSED_STATUSES = group('invalid_key', 'forbidden');
/** The request was refused (the key, or the endpoint it went to): nothing past it was checked. */
export const REQUEST_REFUSED_STATUSES = group('invalid_key', 'forbidden', 'wrong_endpoint');
/** An answer about the key or the account, which explains why the key was not proven. */
export const KEY_ANSWERED_STATUSES = group('invalid_key', 'forbidden', 'insufficient_balance', 'wrong_endpoint');
/** What the Balance check reports. */
export const BALANCE_STATUSES = group('insufficient_balance', 'low_balance');

/**
 * What to fix first. A problem you can see without the network comes before one the server reports,
 * a problem with the key before one with the account, and an outage (which says nothing about the
 * key) last: a missing key before a malformed one before a revoked one before an empty balance.
 */
const PRIORITY: readonly Status[] = [
  'missing_key',
  'malformed_key',
  'expired_token',
  'wrong_endpoint',
  'invalid_key',
  'forbidden',
  'insufficient_balance',
  'model_unavailable',
  'low_balance',
  'unreachable',
  'rate_limited',
  'server_error',
  'skipped',
  'ok',
];

export function priorityOf(status: Status): number {
  return PRIORITY.indexOf(status);
}

export function isOutage(status: Status): boolean {
  return OUTAGE_STATUSES.has(status);
}

/**
 * Whether a finding fails the step. An outage status blocks only with `fail-on-outage`, unless its
 * fix is somewhere a re-run cannot reach (an input or the runner: a host name that does not exist,
 * an untrusted certificate, a proxy asking for credentials…): that repeats on every run, like a
 * wrong base-url, and blocks by default.
 */
export function findingBlocks(finding: { readonly status: Status; readonly place: { readonly kind: string } }, failOnOutage: boolean): boolean {
  if (PASSING_STATUSES.has(finding.status)) return false;
  if (isOutage(finding.status)) return failOnOutage || finding.place.kind !== 'remote';
  return true;
}
