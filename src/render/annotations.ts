// Annotations: one per finding and advisory, error when it blocks the deploy, warning otherwise.
import type { Diagnosis } from '../core/findings.js';
import { blocks } from '../core/status.js';
import { oneLine } from '../core/text.js';

export interface Annotation {
  readonly level: 'error' | 'warning';
  readonly title: string;
  /** One line of plain text: the runner shows it in the log and on the workflow file. */
  readonly message: string;
}

const MAX_MESSAGE = 2000;

export function renderAnnotations(d: Diagnosis, failOnOutage: boolean): Annotation[] {
  const items = [
    ...d.findings.map((f) => ({ level: blocks(f.status, failOnOutage) ? ('error' as const) : ('warning' as const), item: f })),
    ...d.advisories.map((a) => ({ level: 'warning' as const, item: a })),
  ];
  return items.map(({ level, item }) => {
    const steps = item.fix.map((step, i) => `${i + 1}) ${step.plain}`).join(' ');
    return {
      level,
      title: oneLine(item.title, 120),
      message: oneLine(`${item.cause.plain}${steps ? ` Fix: ${steps}` : ''}`, MAX_MESSAGE),
    };
  });
}
