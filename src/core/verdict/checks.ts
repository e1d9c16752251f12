// The checks table: one small function per row, each reading the findings and the probe's facts.
import type { AuthProof } from '../evidence/key-proof.js';
import type { DiagnosisInput } from './diagnosis-input.js';
import type { Advisory, Check, CheckName, Finding } from './findings.js';
import { BALANCE_STATUSES, KEY_REFUSED_STATUSES, REQUEST_REFUSED_STATUSES, isOutage, type Status } from './status.js';
import { code, join, text, trusted, verbatim, type Text } from '../text/text.js';
import { UNPROVEN_TITLE, proofText } from './causes/endpoint.js';
import { setting } from '../text/words.js';
import type { EndpointIdentity } from '../text/endpoint-name.js';

/** What the probe established, for the verdict and the checks table. */
export interface ProbeFacts {
  findings: Finding[];
  advisories: Advisory[];
  models: string[];
  balance: string;
  /** Proven: an answer only a valid key gets (core/auth-proof.ts). */
  accepted: boolean;
  proof?: AuthProof;
  /** Why the balance is unknown although the key was accepted. */
  balanceUnknown?: string;
  /** Each request that got an answer, in asking order, with its HTTP status (none: no answer). */
  answers: Array<{ readonly request: string; readonly status: number | undefined }>;
  /** Who answered: DeepSeek, a gateway by name, or a host. */
  endpoint: EndpointIdentity;
  /** The model list says nothing about DeepSeek's models (a gateway's list of other providers' ids): the Models row warns with this. */
  modelsNote?: Text;
}

/** Everything a row may read, gathered once. */
interface RowFacts {
  readonly input: DiagnosisInput;
  readonly findings: readonly Finding[];
  readonly facts: ProbeFacts | undefined;
  readonly skipped: boolean;
  /** Why a row that needed an answer has none, as what happened ("GET /models answered 429"). */
  readonly pending: Text;
  readonly outage: Finding | undefined;
  /** DeepSeek answered 402, which it says only to a valid key. */
  readonly unpaid: boolean;
}

const find = (findings: readonly Finding[], statuses: ReadonlySet<Status>): Finding | undefined => findings.find((f) => statuses.has(f.status));
const withStatus = (findings: readonly Finding[], status: Status): Finding | undefined => findings.find((f) => f.status === status);
const notChecked = (why: Text): Check => ({ result: 'skip', detail: text`not checked: ${why}` });

/** What happened instead of an answer: the status the verdict's request got, or that none came. */
function pendingReason(findings: readonly Finding[], facts: ProbeFacts | undefined, skipped: boolean): Text {
  if (skipped) return text`no key`;
  if (!facts) return text`the key was not sent`;
  const verdict = find(findings, REQUEST_REFUSED_STATUSES) ?? findings.find((f) => isOutage(f.status)) ?? findings.find((f) => f.status === 'insufficient_balance');
  const status = verdict?.httpStatus;
  if (status !== undefined) {
    const answered = facts.answers.find((a) => a.status === status);
    return answered ? text`${code(answered.request)} answered ${String(status)}` : text`the endpoint answered ${String(status)}`;
  }
  return verdict && isOutage(verdict.status) ? text`no answer from the endpoint` : text`no answer`;
}

function secretRow({ input, skipped }: RowFacts): Check {
  const { inspection, context } = input;
  if (inspection.present) return { result: 'pass', detail: text`present` };
  if (!skipped) return { result: 'fail', detail: text`empty` };
  const detail =
    context.withheld === 'fork_pull_request'
      ? text`not given to this run: GitHub passes no secrets to pull requests from forks`
      : context.withheld === 'dependabot'
        ? text`not given to this run: Dependabot runs get only Dependabot secrets`
        : text`empty, and ${setting('on-missing-key', 'skip')} allows that`;
  return { result: 'skip', detail };
}

function formatRow({ input, findings }: RowFacts): Check {
  const { inspection } = input;
  if (!inspection.present) return notChecked(text`no key`);
  const malformed = withStatus(findings, 'malformed_key');
  if (malformed) return { result: 'fail', detail: trusted(malformed.title) };
  const fingerprint = code(inspection.fingerprint);
  if (inspection.shape === 'deepseek') return { result: 'pass', detail: text`DeepSeek key shape, ${fingerprint}` };
  if (inspection.shape === 'jwt') return { result: 'pass', detail: text`JWT (gateway token), ${fingerprint}` };
  if (inspection.otherProvider?.gatewayMayAccept) return { result: 'pass', detail: text`${trusted(inspection.otherProvider.description)}, ${fingerprint}` };
  return { result: 'warn', detail: text`not the usual DeepSeek shape (\`sk-\` + 32 hex); sent as is, ${fingerprint}` };
}

function endpointRow({ input, findings, facts, pending, outage }: RowFacts): Check {
  const { settings } = input;
  const wrong = withStatus(findings, 'wrong_endpoint');
  if (wrong) return { result: 'fail', detail: trusted(wrong.title) };
  if (!settings.baseUrl.ok) return notChecked(text`invalid base-url`);
  if (!facts) return notChecked(pending);
  return { result: facts.accepted || !outage ? 'pass' : 'warn', detail: code(settings.echo(settings.baseUrl.endpoint.base)) };
}

function authenticationRow({ input, findings, facts, pending, outage, unpaid }: RowFacts): Check {
  const refused = find(findings, KEY_REFUSED_STATUSES);
  if (refused) return { result: 'fail', detail: refused.httpStatus === undefined ? trusted(refused.title) : text`${trusted(refused.title)} (HTTP ${String(refused.httpStatus)})` };
  const expired = withStatus(findings, 'expired_token');
  if (expired) return { result: 'fail', detail: text`${trusted(expired.title)}: not sent` };
  const proof = facts?.proof;
  if (facts?.accepted && proof?.kind === 'proven') {
    return input.inspection.cleaned
      ? { result: 'warn', detail: text`only once cleaned: the secret as stored is not a usable key; without the extra characters, ${proofText(proof)}` }
      : { result: 'pass', detail: text`accepted: ${proofText(proof)}` };
  }
  if (unpaid) return { result: 'pass', detail: text`accepted: DeepSeek answered 402 Insufficient Balance, which it says only to a valid key` };
  if (findings.some((f) => f.kind === 'key_unproven')) return { result: 'fail', detail: text`not proven: ${trusted(lowerFirst(UNPROVEN_TITLE))}` };
  if (outage) return { result: 'warn', detail: text`not judged: ${pending}` };
  return notChecked(pending);
}

function balanceRow({ input, findings, facts, pending, outage }: RowFacts): Check {
  const { settings } = input;
  const low = find(findings, BALANCE_STATUSES);
  if (low) return { result: 'fail', detail: facts?.balance ? text`${trusted(low.title)}; the account has ${verbatim(facts.balance)}` : trusted(low.title) };
  if (facts?.balance) {
    const min = settings.minBalance;
    const threshold = min ? text` (at least ${setting('min-balance', settings.echo(`${min.amount.text}${min.currency ? ` ${min.currency}` : ''}`))})` : trusted('');
    return { result: 'pass', detail: text`${verbatim(facts.balance)}${threshold}` };
  }
  if (facts?.balanceUnknown) return { result: settings.minBalance ? 'warn' : 'skip', detail: text`${trusted(facts.balanceUnknown)}` };
  if (facts?.accepted && outage) return { result: 'warn', detail: text`not checked: ${pending}` };
  return notChecked(pending);
}

function modelsRow({ input, findings, facts, pending }: RowFacts): Check {
  const { settings } = input;
  const unavailable = withStatus(findings, 'model_unavailable');
  if (unavailable) return { result: 'fail', detail: text`${unavailable.title}` };
  if (facts?.modelsNote) return { result: 'warn', detail: facts.modelsNote };
  if (!facts || facts.models.length === 0) return notChecked(pending);
  if (settings.models.length) return { result: 'pass', detail: text`required ${join(settings.models.map((m) => code(settings.echo(m))))} available` };
  const more = trusted(facts.models.length > 10 ? ', …' : '');
  return { result: 'pass', detail: text`${String(facts.models.length)} available: ${join(facts.models.slice(0, 10).map((m) => code(m)))}${more}` };
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

const ROWS: Readonly<Record<CheckName, (facts: RowFacts) => Check>> = {
  secret: secretRow,
  format: formatRow,
  endpoint: endpointRow,
  authentication: authenticationRow,
  balance: balanceRow,
  models: modelsRow,
};

export function buildChecks(input: DiagnosisInput, findings: readonly Finding[], facts: ProbeFacts | undefined, skipped: boolean): Record<CheckName, Check> {
  const row: RowFacts = {
    input,
    findings,
    facts,
    skipped,
    pending: pendingReason(findings, facts, skipped),
    outage: findings.find((f) => isOutage(f.status)),
    unpaid: findings.some((f) => f.status === 'insufficient_balance' && f.httpStatus === 402),
  };
  return {
    secret: ROWS.secret(row),
    format: ROWS.format(row),
    endpoint: ROWS.endpoint(row),
    authentication: ROWS.authentication(row),
    balance: ROWS.balance(row),
    models: ROWS.models(row),
  };
}
