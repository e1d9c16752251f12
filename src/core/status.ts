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

export const STATUS_MEANING: Record<Status, string> = {
  ok: 'The key authenticates, the account can pay, and every required model is available.',
  skipped: 'No key, on a run where GitHub withholds secrets (fork pull request, Dependabot) or `on-missing-key: skip`.',
  missing_key: 'The `api-key` input is empty: the secret is not defined, not passed, or not available to this run.',
  malformed_key: 'The secret is not a usable key as written (whitespace, quotes, `Bearer `, a placeholder, another provider\'s key…). Checked before any request.',
  invalid_key: 'The endpoint rejected the key (401): wrong, revoked or deleted.',
  expired_token: 'The key is a JWT whose `exp` has passed or whose `nbf` is in the future. Checked locally.',
  insufficient_balance: 'The account cannot pay for API calls (402, or `is_available: false`).',
  low_balance: 'The balance is below `min-balance`.',
  model_unavailable: 'A model listed in `models` is not offered to this key.',
  forbidden: 'The endpoint refused the key (403): permissions, region or an account restriction.',
  wrong_endpoint: '`base-url` does not lead to the DeepSeek API (not a URL, plain http, an endpoint path, 404, HTML, a redirect, OpenAI\'s URL…).',
  unreachable: 'The endpoint could not be reached: DNS, refused connection, TLS, proxy or the deadline.',
  rate_limited: 'The endpoint kept answering 429 until retries or the deadline ran out.',
  server_error: 'The endpoint kept answering 5xx until retries or the deadline ran out.',
};
