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

export const OUTAGE_STATUSES: ReadonlySet<Status> = new Set<Status>(['unreachable', 'rate_limited', 'server_error']);

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

/** The step fails exactly when this is true. */
export function blocks(status: Status, failOnOutage: boolean): boolean {
  if (status === 'ok' || status === 'skipped') return false;
  if (isOutage(status)) return failOnOutage;
  return true;
}
