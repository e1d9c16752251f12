// The step's outputs, as the names in action.yml.
import type { Diagnosis } from '../core/verdict/findings.js';
import { oneLine } from '../core/text/text.js';

export type Outputs = Record<'status' | 'ok' | 'http-status' | 'key-fingerprint' | 'balance' | 'models' | 'message', string>;

/** A gateway can list hundreds of models: the output keeps whole ids, up to a size a shell handles. */
const MAX_LIST_OUTPUT = 4096;

function joinWithin(ids: readonly string[], max: number): string {
  let out = '';
  for (const id of ids) {
    const next = out ? `${out},${id}` : id;
    if (next.length > max) break;
    out = next;
  }
  return out;
}

export function renderOutputs(d: Diagnosis): Outputs {
  const verdict = d.findings[0];
  const message = verdict ? `${verdict.title}: ${verdict.cause.plain}` : d.headline.plain;
  return {
    status: d.status,
    ok: String(d.ok),
    'http-status': d.httpStatus === undefined ? '' : String(d.httpStatus),
    'key-fingerprint': d.keyFingerprint,
    balance: d.balance,
    models: joinWithin(d.models, MAX_LIST_OUTPUT),
    message: oneLine(message, 500),
  };
}
