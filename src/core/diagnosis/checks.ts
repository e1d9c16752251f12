// The checks table: one row per check, each read from the findings and the probe's facts.
import type { AuthProof } from '../auth-proof.js';
import type { AnsweredBy } from '../verdict/causes/gateway.js';
import type { DiagnosisInput } from '../diagnose.js';
import type { Advisory, Check, CheckName, Finding } from '../findings.js';
import { BALANCE_STATUSES, KEY_REFUSED_STATUSES, REQUEST_REFUSED_STATUSES, isOutage, type Status } from '../status.js';
import { code, join, text, trusted, verbatim, type Text } from '../text.js';
import { UNPROVEN_TITLE, proofText } from './endpoint.js';
import { setting } from '../words.js';

/** What the probe established, for the verdict and the checks table. */
export interface ProbeFacts {
  findings: Finding[];
  advisories: Advisory[];
  models: string[];
  /** Who answered: the host, and the gateway where an answer named it. */
  answeredBy?: AnsweredBy;
  /** The model list says nothing about DeepSeek's models (a gateway's list of other providers' ids): the Models row warns with this. */
  modelsNote?: Text;
  balance: string;
  /** Proven: an answer only a valid key gets (core/auth-proof.ts). */
  accepted: boolean;
  proof?: AuthProof;
  /** Why the balance is unknown although the key was accepted. */
  balanceUnknown?: string;
}

export function buildChecks(input: DiagnosisInput, findings: readonly Finding[], facts: ProbeFacts | undefined, skipped: boolean): Record<CheckName, Check> {
  const { inspection, settings } = input;
  const has = (statuses: ReadonlySet<Status>): Finding | undefined => findings.find((f) => statuses.has(f.status));
  const hasStatus = (status: Status): Finding | undefined => findings.find((f) => f.status === status);
  const notChecked = (why: string): Check => ({ result: 'skip', detail: text`not checked: ${trusted(why)}` });
  const outage = findings.find((f) => isOutage(f.status));
  const rejected = has(REQUEST_REFUSED_STATUSES);
  const unpaid = findings.some((f) => f.status === 'insufficient_balance' && f.httpStatus === 402);
  const pending = skipped
    ? 'no key'
    : !facts
      ? 'the key was not sent'
      : rejected
        ? 'the request was refused'
        : outage
          ? 'no answer from the endpoint'
          : unpaid
            ? 'the account answered 402 instead'
            : 'no answer';

  const { context } = input;
  const secret: Check = inspection.present
    ? { result: 'pass', detail: text`present` }
    : !skipped
      ? { result: 'fail', detail: text`empty` }
      : {
          result: 'skip',
          detail:
            context.withheld === 'fork_pull_request'
              ? text`not given to this run: GitHub passes no secrets to pull requests from forks`
              : context.withheld === 'dependabot'
                ? text`not given to this run: Dependabot runs get only Dependabot secrets`
                : text`empty, and ${setting('on-missing-key', 'skip')} allows that`,
        };
  // An expired or not-yet-valid token has a fine shape: it is the endpoint's judgement, ahead of time.
  const expired = hasStatus('expired_token');
  const malformed = hasStatus('malformed_key');
  const format: Check = !inspection.present
    ? notChecked('no key')
    : malformed
      ? { result: 'fail', detail: trusted(malformed.title) }
      : inspection.shape === 'deepseek'
        ? { result: 'pass', detail: text`DeepSeek key shape, ${code(inspection.fingerprint)}` }
        : inspection.shape === 'jwt'
          ? { result: 'pass', detail: text`JWT (gateway token), ${code(inspection.fingerprint)}` }
          : { result: 'warn', detail: text`not the usual DeepSeek shape (\`sk-\` + 32 hex); sent as is, ${code(inspection.fingerprint)}` };
  const endpointFinding = hasStatus('wrong_endpoint');
  const endpoint: Check = endpointFinding
    ? { result: 'fail', detail: trusted(endpointFinding.title) }
    : settings.endpoint.ok
      ? facts
        ? { result: facts.accepted ? 'pass' : outage ? 'warn' : 'pass', detail: code(settings.echo(settings.endpoint.endpoint.base)) }
        : notChecked(pending)
      : notChecked('invalid base-url');
  const auth = has(KEY_REFUSED_STATUSES);
  const proof = facts?.proof;
  const authentication: Check = auth
    ? { result: 'fail', detail: auth.httpStatus === undefined ? trusted(auth.title) : text`${trusted(auth.title)} (HTTP ${String(auth.httpStatus)})` }
    : expired
      ? { result: 'fail', detail: text`${trusted(expired.title)}: not sent` }
      : facts?.accepted && proof?.kind === 'proven' && inspection.cleaned
        ? { result: 'warn', detail: text`only once cleaned: the secret as stored is not a usable key; without the extra characters, ${proofText(proof)}` }
        : facts?.accepted && proof?.kind === 'proven'
          ? { result: 'pass', detail: text`accepted: ${proofText(proof)}` }
          : unpaid
            ? { result: 'pass', detail: text`accepted: DeepSeek answered 402 Insufficient Balance, which it says only to a valid key` }
            : findings.some((f) => f.kind === 'key_unproven')
              ? { result: 'fail', detail: text`not proven: ${trusted(UNPROVEN_TITLE.replace(/^This endpoint/, 'this endpoint'))}` }
              : outage
                ? { result: 'warn', detail: text`not judged: ${trusted(outage.title)}` }
                : notChecked(pending);
  const balanceFinding = has(BALANCE_STATUSES);
  const balance: Check = balanceFinding
    ? { result: 'fail', detail: facts?.balance ? text`${trusted(balanceFinding.title)}: ${verbatim(facts.balance)}` : trusted(balanceFinding.title) }
    : facts?.balance
      ? {
          result: 'pass',
          detail: text`${verbatim(facts.balance)}${settings.minBalance ? text` (${setting('min-balance', settings.echo(`${settings.minBalance.amount.text}${settings.minBalance.currency ? ` ${settings.minBalance.currency}` : ''}`))})` : trusted('')}`,
        }
      : facts?.balanceUnknown
        ? { result: settings.minBalance ? 'warn' : 'skip', detail: text`${trusted(facts.balanceUnknown)}` }
        : facts?.accepted && outage
          ? { result: 'warn', detail: text`not checked: ${trusted(outage.title)}` }
          : notChecked(pending);
  const modelFinding = hasStatus('model_unavailable');
  const models: Check = modelFinding
    ? { result: 'fail', detail: text`${modelFinding.title}` }
    : facts?.modelsNote
      ? { result: 'warn', detail: facts.modelsNote }
      : facts && facts.models.length > 0
        ? {
            result: 'pass',
            detail: settings.models.length
              ? text`required ${join(settings.models.map((m) => code(settings.echo(m))))} available`
              : text`${String(facts.models.length)} available: ${join(facts.models.slice(0, 10).map((m) => code(m)))}${trusted(facts.models.length > 10 ? ', …' : '')}`,
          }
        : notChecked(pending);
  return { secret, format, endpoint, authentication, balance, models };
}
