// Annotations: one per finding and advisory, error when it blocks the deploy, warning otherwise.
import type { Diagnosis } from '../core/verdict/findings.js';
import { blocks, type Status } from '../core/verdict/status.js';
import { oneLine } from '../core/text/text.js';

export interface Annotation {
  readonly level: 'error' | 'warning';
  readonly title: string;
  /** One line of plain text: the runner shows it in the log and on the workflow file. */
  readonly message: string;
}

const MAX_MESSAGE = 2000;

/**
 * The annotation sits on the step's `api-key:` line, which reads as "edit this line". Each message
 * says first where the fix is: the secret's value, an input of this step, the account, or nowhere.
 */
const FIX_PLACE: Readonly<Record<Status, string>> = {
  ok: '',
  skipped: '',
  missing_key: "The fix is in the repository's secrets, or in this line if it names another secret.",
  malformed_key: "The fix is in the secret's value, not in this line.",
  invalid_key: "The fix is in the secret's value, not in this line.",
  expired_token: "The fix is in the secret's value, not in this line.",
  forbidden: 'The fix is in the account (or the gateway), not in this file.',
  wrong_endpoint: "The fix is in this step's base-url input, not in the secret.",
  insufficient_balance: 'The fix is in the DeepSeek account, not in this file.',
  low_balance: "The fix is in the DeepSeek account (or this step's min-balance), not in the secret.",
  model_unavailable: "The fix is in this step's models input (and the code that calls the model), not in the secret.",
  rate_limited: 'Nothing to change in this file or the secret.',
  server_error: 'Nothing to change in this file or the secret.',
  unreachable: 'Nothing to change in the secret; the network path to the endpoint is the problem.',
};

export function renderAnnotations(d: Diagnosis, failOnOutage: boolean): Annotation[] {
  const items = [
    ...d.findings.map((f) => ({ level: blocks(f.status, failOnOutage) ? ('error' as const) : ('warning' as const), item: f })),
    ...d.advisories.map((a) => ({ level: 'warning' as const, item: a })),
  ];
  return items.map(({ level, item }) => {
    const steps = item.fix.map((step, i) => `${i + 1}) ${step.plain}`).join(' ');
    const place = 'status' in item ? FIX_PLACE[item.status] : '';
    return {
      level,
      title: oneLine(item.title, 120),
      message: oneLine(`${place ? `${place} ` : ''}${item.cause.plain}${steps ? ` Fix: ${steps}` : ''}`, MAX_MESSAGE),
    };
  });
}
