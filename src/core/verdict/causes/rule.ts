// A cause rule: one observation of one request in, what it means out (findings, advisories, and
// the facts it carries: a model list, a balance). Rules are pure and decide the fix place with the
// cause, so no renderer has to guess it from the status.
import type { Advisory, Finding, RunContext } from '../findings.js';
import type { Settings } from '../../input/inputs.js';
import type { KeyInspection } from '../../secret/key-inspection.js';
import type { BalanceInfo, Observation } from '../../evidence/observation.js';
import type { Redactor } from '../../secret/redact.js';
import type { EndpointIdentity } from '../../text/endpoint-name.js';
import { code, text, trusted, type Text } from '../../text/text.js';

/** What every rule may read about the request whose answer it explains. */
export interface CauseAt {
  readonly settings: Settings;
  readonly inspection: KeyInspection;
  readonly context: RunContext;
  readonly redact: Redactor;
  readonly endpoint: EndpointIdentity;
  /** The request as the user reads it: `GET /models`. */
  readonly request: string;
  readonly path: string;
  /** `GET /models`, the request whose answer says what the endpoint is. */
  readonly primary: boolean;
}

export interface RuleOutcome {
  readonly findings?: readonly Finding[];
  readonly advisories?: readonly Advisory[];
  readonly models?: readonly string[];
  readonly balance?: { readonly infos: readonly BalanceInfo[] };
}

export type Rule<K extends Observation['kind']> = (obs: Extract<Observation, { kind: K }>, at: CauseAt) => RuleOutcome;

/** One rule per observation kind: a new kind does not compile until it has a rule. */
export type Rules = { readonly [K in Observation['kind']]: Rule<K> };

export const NOTHING: RuleOutcome = {};

export const attemptsText = (n: number): string => (n === 1 ? 'once' : n === 2 ? 'on both attempts' : `on each of the ${n} attempts`);

/** The endpoint's own words, quoted after a cause, when it gave any. */
export const serverSaid = (message: string | undefined): Text => (message ? text` The endpoint said: ${code(message)}.` : trusted(''));
