// Annotations: one per finding and advisory, error when it blocks the deploy, warning otherwise.
// Each says first where its fix is, read from the finding's fix place; the edge pins it to that
// place's line of the workflow (workflow-location.ts), or to no line when nothing there changes.
import type { Advisory, Diagnosis, Finding, FixPlace } from '../core/verdict/findings.js';
import { findingBlocks } from '../core/verdict/status.js';
import { oneLine } from '../core/text/text.js';

export interface Annotation {
  readonly level: 'error' | 'warning';
  readonly title: string;
  /** One line of plain text: the runner shows it in the log and on the workflow file. */
  readonly message: string;
  /** Where the fix is: the edge finds the line for it. */
  readonly place: FixPlace;
}

const MAX_MESSAGE = 2000;

/** The first sentence: where the fix is, in words that fit the line the annotation sits on. */
export function placeSentence(place: FixPlace): string {
  switch (place.kind) {
    case 'secret':
      return place.environment
        ? `The fix is in secrets.${place.name}, which this line passes (the environment ${place.environment}'s secret: GitHub reads it before a repository or organization secret of that name).`
        : `The fix is in secrets.${place.name}, which this line passes.`;
    case 'input':
      return `The fix is the ${place.input} input of this step.`;
    case 'runner':
      return `The fix is in the runner's environment (${place.variable}), not in the secret or the inputs.`;
    case 'account':
      return 'The fix is in the DeepSeek account; nothing in this workflow needs to change.';
    case 'gateway':
      return `The fix is in the gateway's settings (${place.host}); nothing in this workflow needs to change.`;
    case 'remote':
      return 'Nothing to change in this workflow or the secret.';
    case 'none':
      return '';
  }
}

function levelOf(item: Finding | Advisory, failOnOutage: boolean): 'error' | 'warning' {
  return 'status' in item && findingBlocks(item, failOnOutage) ? 'error' : 'warning';
}

export function renderAnnotations(d: Diagnosis, failOnOutage: boolean): Annotation[] {
  return [...d.findings, ...d.advisories].map((item) => {
    const level = levelOf(item, failOnOutage);
    const steps = item.fix.map((step, i) => `${i + 1}) ${step.plain}`).join(' ');
    // A blocking problem has a fix; a note says what can be done about it.
    const lead = level === 'error' ? 'Fix:' : 'What to do:';
    const place = placeSentence(item.place);
    return {
      level,
      title: oneLine(item.title, 120),
      message: oneLine(`${place ? `${place} ` : ''}${item.cause.plain}${steps ? ` ${lead} ${steps}` : ''}`, MAX_MESSAGE),
      place: item.place,
    };
  });
}
