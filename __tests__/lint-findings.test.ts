// Defects the type-aware lint rules found (eslint.config.mjs), each pinned by a test of the
// behaviour, so that the fix stays even where the rule would not see a regression.
import type { EndpointProbe } from '../src/contract.js';
import { observe } from '../src/core/evidence/observation.js';

const balanceProbe = (body: unknown): EndpointProbe => {
  const final = { kind: 'response', status: 200, body: JSON.stringify(body), tooLarge: false } as const;
  return { path: '/user/balance', outcomes: [final], final };
};
const noRedaction = (s: string): string => s;

describe('a balance answer whose balance_infos holds something other than objects', () => {
  // @typescript-eslint/no-unsafe-member-access: `item.total_balance` was read before `isObject(item)`,
  // so `[null]` threw a TypeError that ended the step with an unexpected error.
  it.each([[[null]], [[1]], [['CNY']], [[{ currency: 'CNY', total_balance: '1.00' }, null]]])('%j is an unexpected answer, not a crash', (infos) => {
    expect(observe(balanceProbe({ is_available: true, balance_infos: infos }), 'balance', noRedaction)).toEqual({ kind: 'not_api', status: 200, reason: 'unexpected_json' });
  });

  it('a well-formed answer is still read', () => {
    expect(observe(balanceProbe({ is_available: true, balance_infos: [{ currency: 'CNY', total_balance: '110.00' }] }), 'balance', noRedaction)).toMatchObject({
      kind: 'balance',
      available: true,
      infos: [{ currency: 'CNY', totalBalance: '110.00' }],
    });
  });
});
