// Every observation kind's rule, in one table the compiler checks for completeness: a new kind of
// answer does not build until a cause module says what it means.
import { balance, paymentRequired } from './account.js';
import { clientError, notApi, notFound, redirect } from './endpoint.js';
import { authFailed, forbidden } from './key.js';
import { models } from './models.js';
import { network } from './network.js';
import { rateLimited, serverError } from './outage.js';
import { NOTHING, type CauseAt, type Rule, type RuleOutcome, type Rules } from './rule.js';
import type { Observation } from '../../evidence/observation.js';

export const RULES: Rules = {
  models,
  balance,
  auth_failed: authFailed,
  payment_required: paymentRequired,
  forbidden,
  not_found: notFound,
  redirect,
  not_api: notApi,
  client_error: clientError,
  rate_limited: rateLimited,
  server_error: serverError,
  network,
  // Stopped because the other request already had the verdict (a 401): nothing to add.
  cancelled: () => NOTHING,
};

/** What one answer means, by its kind's rule. */
export function explain(obs: Observation, at: CauseAt): RuleOutcome {
  // The table pairs each kind with its rule; TypeScript cannot follow that pairing through an index.
  return (RULES[obs.kind] as Rule<Observation['kind']>)(obs, at);
}
