// The account: balance against min-balance, and models DeepSeek has announced as deprecated.
import { compareDecimal, parseDecimal } from '../decimal.js';
import type { Advisory, Finding } from '../findings.js';
import type { Settings } from '../inputs.js';
import { topUpLink } from '../links.js';
import type { BalanceInfo } from '../observation.js';
import { code, text, trusted } from '../text.js';

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

export function lowBalance(infos: readonly BalanceInfo[], settings: Settings): Finding | Advisory | undefined {
  const min = settings.minBalance;
  if (!min) return undefined;
  const candidates = min.currency ? infos.filter((i) => i.currency.toUpperCase() === min.currency) : infos;
  const threshold = settings.echo(`${min.amount.text}${min.currency ? ` ${min.currency}` : ''}`);
  if (candidates.length === 0) {
    return {
      status: 'low_balance',
      title: `No ${min.currency ?? ''} balance to compare with min-balance`,
      cause: text`\`min-balance\` is ${threshold}, but the account has no ${min.currency ?? ''} balance: it has ${balanceText(infos) || 'none'}.`,
      fix: [text`Top up in ${min.currency ?? 'the account currency'} at ${topUpLink}, or write \`min-balance\` in the currency the account uses.`],
      httpStatus: 200,
    } satisfies Finding;
  }
  const parsed = candidates.map((info) => ({ info, total: parseDecimal(info.totalBalance) }));
  if (parsed.some((p) => p.total === undefined)) {
    // min-balance asked for a guarantee: an amount that cannot be compared must not pass.
    return { status: 'low_balance', title: 'Balance could not be compared with min-balance', cause: text`The balance could not be compared: DeepSeek answered ${code(balanceText(candidates))}, which is not a plain decimal amount, so ${code(`min-balance: ${threshold}`)} cannot be guaranteed.`, fix: [text`Check the balance at ${topUpLink}; if this keeps happening, remove \`min-balance\` or report the amount DeepSeek returned.`], httpStatus: 200 } satisfies Finding;
  }
  if (parsed.some((p) => p.total && compareDecimal(p.total, min.amount) >= 0)) return undefined;
  return {
    status: 'low_balance',
    title: 'Balance below min-balance',
    cause: text`The account has ${balanceText(candidates)}, below ${code(`min-balance: ${threshold}`)}${trusted(min.currency ? '' : ' (compared with every currency the account has)')}.`,
    fix: [text`Top up at ${topUpLink} before the balance runs out and calls start failing with 402.`, text`Or lower \`min-balance\` if the threshold is too cautious.`],
    httpStatus: 200,
  } satisfies Finding;
}

export function isFinding(value: Finding | Advisory): value is Finding {
  return 'status' in value;
}
