// The vocabulary shared by the diagnosis and the renderers.
import type { NetworkFacts } from '../../contract.js';
import type { InputName } from '../input/input-table.js';
import type { EndpointIdentity } from '../text/endpoint-name.js';
import type { Status } from './status.js';
import type { Text } from '../text/text.js';

export type CheckName = 'secret' | 'format' | 'endpoint' | 'authentication' | 'balance' | 'models';
export type CheckResult = 'pass' | 'fail' | 'warn' | 'skip';

/** The order every surface lists the checks in (summary, log, terminal). */
export const CHECK_ORDER: readonly CheckName[] = ['secret', 'format', 'endpoint', 'authentication', 'balance', 'models'];

export const CHECK_LABELS: Record<CheckName, string> = {
  secret: 'Secret present',
  format: 'Key format',
  endpoint: 'Endpoint',
  authentication: 'Authentication',
  balance: 'Balance',
  models: 'Models',
};

export interface Check {
  readonly result: CheckResult;
  readonly detail: Text;
}

/**
 * What a finding is, where its status alone does not say: rules find findings by kind, never by
 * title. (`expired_token` covers both ends of a token's validity: the kind tells them apart.)
 */
export type FindingKind = 'token_expired' | 'token_not_yet_valid' | 'key_unproven';

/**
 * Where the fix is, decided with the cause: every surface reads it (the annotation's line, the
 * words that say where to look, and whether an outage-like failure blocks: only `remote` is what
 * re-running can fix).
 * - `secret`: the secret's value; `environment` when the job declares one (GitHub resolves an
 *   environment secret before a repository one, before an organization one).
 * - `input`: an input of this step. `runner`: a variable or setting of the runner's environment.
 * - `account`: the DeepSeek account. `gateway`: the gateway's console, by host.
 * - `remote`: nothing to change; the service is down or limiting. `none`: nothing is broken.
 */
export type FixPlace =
  | { readonly kind: 'secret'; readonly name: string; readonly environment?: string; readonly store?: 'dependabot' }
  | { readonly kind: 'input'; readonly input: InputName }
  | { readonly kind: 'runner'; readonly variable: string }
  | { readonly kind: 'account' }
  | { readonly kind: 'gateway'; readonly host: string }
  | { readonly kind: 'remote'; readonly host: string }
  | { readonly kind: 'none' };

/** Something wrong that has a status; the most urgent one becomes the verdict. */
export interface Finding {
  readonly status: Status;
  readonly kind?: FindingKind;
  readonly place: FixPlace;
  /** Short and trusted: the annotation title. */
  readonly title: string;
  readonly cause: Text;
  readonly fix: readonly Text[];
  readonly httpStatus?: number;
}

export type AdvisoryKind =
  | 'check_skipped'
  | 'token_expires_soon'
  | 'token_claim_out_of_range'
  | 'tls_override_ignored'
  | 'outage_key_works'
  | 'outage_key_not_judged'
  | 'balance_not_compared'
  | 'balance_not_offered'
  | 'balance_unexpected_shape'
  | 'model_deprecated'
  | 'models_list_foreign';

/** Worth saying, but does not change the status (a JWT expiring soon, a deprecated model…). */
export interface Advisory {
  readonly kind: AdvisoryKind;
  readonly place: FixPlace;
  readonly title: string;
  readonly cause: Text;
  readonly fix: readonly Text[];
}

/** Why GitHub gave this run no secrets, when it is one of those runs. */
export type WithheldReason = 'fork_pull_request' | 'dependabot';

export interface RunContext {
  /** Who reads the result: the action's log and summary (the default), or a person at a terminal. */
  readonly surface?: 'action' | 'cli';
  readonly withheld?: WithheldReason;
  /** How the requests were made, when some were: proxy, TLS settings of the job's environment. */
  readonly network?: NetworkFacts;
  /** The secret the workflow's `api-key:` line names, and its job's environment, when known. */
  readonly secret?: { readonly name: string; readonly environment?: string };
  /** The event that started the run (`push`, `pull_request`…), when known. */
  readonly event?: string;
  /** Where this repository's secrets are managed, when known. */
  readonly secretsUrl?: string;
  readonly dependabotSecretsUrl?: string;
}

export interface Diagnosis {
  readonly status: Status;
  readonly ok: boolean;
  readonly blocking: boolean;
  /** Every finding, most urgent first; the first one is the verdict (none when ok or skipped). */
  readonly findings: readonly Finding[];
  readonly advisories: readonly Advisory[];
  readonly checks: Readonly<Record<CheckName, Check>>;
  readonly headline: Text;
  /** False when an outage (or a skip) means nothing was learned about the key itself. */
  readonly keyJudged: boolean;
  readonly httpStatus?: number;
  readonly keyFingerprint: string;
  readonly balance: string;
  readonly models: readonly string[];
  /** Who answered: DeepSeek, a gateway (named by its host, or by how its answers named it), or a host; when base-url is usable. */
  readonly endpoint?: EndpointIdentity;
}
