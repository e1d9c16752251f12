// The account: balance against min-balance, and models DeepSeek has announced as deprecated.
import { compareDecimal, parseDecimal } from '../decimal.js';
import type { Advisory, Finding } from '../findings.js';
import type { Settings } from '../inputs.js';
import { topUpLink } from '../links.js';
import type { BalanceInfo } from '../observation.js';
import { code, join, text, trusted, verbatim, type Text } from '../text.js';
import { input, setting } from '../words.js';

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
