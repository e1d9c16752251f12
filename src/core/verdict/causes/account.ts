// The account's causes: no balance (402, or `is_available: false`), a balance below min-balance,
// and a balance endpoint a gateway does not offer. The fix is in the account (or its gateway).
import type { Advisory, FixPlace } from '../../findings.js';
import type { Settings } from '../../inputs.js';
import { LINKS, topUpLink } from '../../links.js';
import type { Observation } from '../../observation.js';
import { code, link, text } from '../../text.js';
import { endpointTitleName } from '../../text/endpoint-name.js';
import { RERUN, input } from '../../words.js';
import { balanceText, isFinding, lowBalance } from '../../diagnosis/account.js';
import { serverSaid } from './key.js';
import type { CauseAt, Rule } from './rule.js';

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
