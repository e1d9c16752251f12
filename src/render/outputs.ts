// The step's outputs, as the names in action.yml.
import type { Diagnosis } from '../core/findings.js';
import { oneLine } from '../core/text.js';

export type Outputs = Record<'status' | 'ok' | 'http-status' | 'key-fingerprint' | 'balance' | 'models' | 'message', string>;

export function renderOutputs(d: Diagnosis): Outputs {
  const verdict = d.findings[0];
  const message = verdict ? `${verdict.title}: ${verdict.cause.plain}` : d.headline.plain;
  return {
    status: d.status,
    ok: String(d.ok),
    'http-status': d.httpStatus === undefined ? '' : String(d.httpStatus),
    'key-fingerprint': d.keyFingerprint,
    balance: d.balance,
    models: d.models.join(','),
    message: oneLine(message, 500),
  };
}
