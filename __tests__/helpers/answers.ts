// The API's answers as the probe sees them (HttpOutcome), for unit tests of the diagnosis: the
// documented model list and balance, and a helper for any other status and body.
import type { HttpOutcome } from '../../src/contract.js';

export const response = (status: number, body: unknown, extra: Record<string, string> = {}): HttpOutcome => ({
  kind: 'response',
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  tooLarge: false,
  ...extra,
});

export const MODELS = response(200, {
  object: 'list',
  data: [
    { id: 'deepseek-v4-pro', object: 'model', owned_by: 'deepseek' },
    { id: 'deepseek-chat', object: 'model', owned_by: 'deepseek' },
  ],
});

export const BALANCE = response(200, { is_available: true, balance_infos: [{ currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' }] });
