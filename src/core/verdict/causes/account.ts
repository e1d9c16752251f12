// The account: balance against min-balance, and models DeepSeek has announced as deprecated.
import { compareDecimal, parseDecimal } from '../../input/decimal.js';
import type { Advisory, Finding, FixPlace } from '../findings.js';
import type { Settings } from '../../input/inputs.js';
import { LINKS, topUpLink } from '../../text/links.js';
import type { BalanceInfo, Observation } from '../../evidence/observation.js';
import { code, join, link, text, trusted, verbatim, type Text } from '../../text/text.js';
import { endpointTitleName } from '../../text/endpoint-name.js';
import { RERUN, input, setting } from '../../text/words.js';
import { serverSaid, type CauseAt, type Rule } from './rule.js';

/**
 * Model ids DeepSeek has announced as deprecated, with the date it gave. A Map: ids come from the
 * server and the inputs, and `constructor` must not find Object.prototype's.
 */
export const DEPRECATED_MODELS: ReadonlyMap<string, string> = new Map([
  ['deepseek-chat', '2026-07-24'],
  ['deepseek-reasoner', '2026-07-24'],
]);

export function balanceText(infos: readonly BalanceInfo[]): string {
  return infos.map((i) => `${i.totalBalance} ${i.currency}`).join(', ');
}

/** Each balance as code: `110.00 CNY` reads (and copies) as it is, with no Markdown escapes. */
export function balanceCode(infos: readonly BalanceInfo[]): Text {
  return infos.length ? join(infos.map((i) => verbatim(`${i.totalBalance} ${i.currency}`))) : trusted('none');
}

/** A currency to show in an example: the account's own when it looks like one, never arbitrary server text. */
function exampleCurrency(infos: readonly BalanceInfo[]): string {
  return infos.map((i) => i.currency).find((c) => /^[A-Z]{3}$/.test(c)) ?? 'CNY';
}

export function lowBalance(infos: readonly BalanceInfo[], settings: Settings): Finding | Advisory | undefined {
  const min = settings.minBalance;
  if (!min) return undefined;
  const candidates = min.currency ? infos.filter((i) => i.currency.toUpperCase() === min.currency) : infos;
  const threshold = settings.echo(`${min.amount.text}${min.currency ? ` ${min.currency}` : ''}`);
  if (candidates.length === 0) {
    return {
      status: 'low_balance',
      place: { kind: 'input', input: 'min-balance' },
      title: `No ${min.currency ?? ''} balance to compare with min-balance`,
      cause: text`${input('min-balance')} is ${threshold}, but the account has no ${min.currency ?? ''} balance: it has ${balanceCode(infos)}.`,
      fix: [text`Top up in ${min.currency ?? 'the account currency'} at ${topUpLink}, or write ${input('min-balance')} in the currency the account uses.`],
      httpStatus: 200,
    } satisfies Finding;
  }
  const parsed = candidates.map((info) => ({ info, total: parseDecimal(info.totalBalance) }));
  if (parsed.some((p) => p.total === undefined)) {
    // min-balance asked for a guarantee: an amount that cannot be compared must not pass.
    return {
      status: 'low_balance',
      place: { kind: 'account' },
      title: 'Balance could not be compared with min-balance',
      cause: text`The balance came back as ${code(balanceText(candidates))}, which is not a plain decimal amount, so ${input('min-balance')} cannot be guaranteed.`,
      fix: [text`Check the balance at ${topUpLink}; if this keeps happening, remove ${input('min-balance')} or report the amount DeepSeek returned.`],
    } satisfies Finding;
  }
  if (parsed.some((p) => p.total && compareDecimal(p.total, min.amount) >= 0)) return undefined;
  return {
    status: 'low_balance',
    place: { kind: 'account' },
    title: `Balance below min-balance (${threshold})`,
    cause: min.currency
      ? text`The account has ${balanceCode(candidates)}, below ${setting('min-balance', threshold)}.`
      : text`${setting('min-balance', threshold)} names no currency, so it was compared with each currency the account has: ${balanceCode(candidates)}${trusted(candidates.length > 1 ? ' are all' : ' is')} below it.`,
    fix: [
      text`Top up at ${topUpLink} before the balance runs out and calls start failing with 402.`,
      min.currency
        ? text`Or lower ${input('min-balance')} if the threshold is too cautious.`
        : text`Or lower ${input('min-balance')}, or give it the currency it is meant in, such as ${setting('min-balance', `${threshold} ${exampleCurrency(candidates)}`)}.`,
    ],
    httpStatus: 200,
  } satisfies Finding;
}

export function isFinding(value: Finding | Advisory): value is Finding {
  return 'status' in value;
}

// The account's causes: no balance (402, or `is_available: false`), a balance below min-balance,
// and a balance endpoint a gateway does not offer. The fix is in the account (or its gateway).
const accountPlace = (at: CauseAt): FixPlace => (at.endpoint.official ? { kind: 'account' } : { kind: 'gateway', host: at.endpoint.host });

export const paymentRequired: Rule<'payment_required'> = (obs, at) => ({
  findings: [
    {
      status: 'insufficient_balance',
      title: at.endpoint.official || at.endpoint.gateway ? `The ${endpointTitleName(at.endpoint)} account has no balance` : 'The account behind this endpoint has no balance',
      place: accountPlace(at),
      cause: text`${code(at.request)} answered 402 Insufficient Balance: the key is valid but the account cannot pay for API calls.${serverSaid(obs.message)}`,
      fix: at.endpoint.official
        ? [text`Top up at ${topUpLink}.`, text`Check spending at ${link('DeepSeek platform → Usage', LINKS.usage)}; set ${input('min-balance')} to be warned before it runs out.`]
        : [text`Top up the account in the gateway's dashboard (${code(at.endpoint.host)}); if the gateway passes DeepSeek keys through, top up at ${topUpLink}.`],
      httpStatus: obs.status,
    },
  ],
});

export const balance: Rule<'balance'> = (obs, at) => {
  if (!obs.available) {
    return {
      balance: { infos: obs.infos },
      findings: [
        {
          status: 'insufficient_balance',
          title: 'The DeepSeek account has no usable balance',
          place: { kind: 'account' },
          cause: text`The key is valid, but ${code(`GET ${at.path}`)} reports \`is_available: false\`: the account cannot pay for API calls. Balance: ${balanceText(obs.infos) || 'none reported'}.`,
          fix: [text`Top up at ${topUpLink}.`, text`Set ${input('min-balance')} to be warned before it runs out.`],
          httpStatus: obs.status,
        },
      ],
    };
  }
  const low = lowBalance(obs.infos, at.settings);
  if (!low) return { balance: { infos: obs.infos } };
  return isFinding(low) ? { balance: { infos: obs.infos }, findings: [low] } : { balance: { infos: obs.infos }, advisories: [low] };
};

/**
 * The balance endpoint is DeepSeek's own: a gateway may not have it. That is not an error, but
 * with `min-balance` set the user must know the threshold was not checked.
 */
export function balanceNotOffered(models: Observation, balanceObs: Observation, path: string, settings: Settings): { advisory: Advisory; why: string } | undefined {
  if (models.kind !== 'models') return undefined;
  const minNote = settings.minBalance ? text`, so ${input('min-balance')} was not checked` : text``;
  const place: FixPlace = settings.minBalance ? { kind: 'input', input: 'min-balance' } : { kind: 'none' };
  if (balanceObs.kind === 'not_found' || balanceObs.kind === 'client_error' || balanceObs.kind === 'redirect') {
    return {
      why: 'not offered by this endpoint',
      advisory: {
        kind: 'balance_not_offered',
        title: 'Balance not available at this endpoint',
        place,
        cause: text`${code(`GET ${path}`)} is not offered by this endpoint (a gateway or a compatible server)${minNote}.`,
        fix: [],
      },
    };
  }
  if (balanceObs.kind === 'not_api') {
    return {
      why: 'answered in an unexpected shape',
      advisory: {
        kind: 'balance_unexpected_shape',
        title: 'Balance answered in an unexpected shape',
        place,
        cause: text`${code(`GET ${path}`)} answered, but not with \`is_available\` and \`balance_infos\` as DeepSeek documents them${minNote}.`,
        fix: settings.minBalance ? [text`${RERUN} later; if it persists, the API changed: check the balance at ${topUpLink} by hand.`] : [],
      },
    };
  }
  return undefined;
}
