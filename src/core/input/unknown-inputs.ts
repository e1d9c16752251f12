// An input the action does not declare (`model:` for `models:`) reaches it only as an `INPUT_*`
// environment variable; the runner merely warns "Unexpected input(s)" and runs the step as if it
// were absent, so a misspelt input would silently check nothing. Refused here, naming the closest
// declared input, as the CLI does for an unknown flag.
import { INPUT_TABLE } from './input-table.js';
import { editDistance } from '../text/edit-distance.js';

export interface UnknownInput {
  /** As the runner passed it, lower-cased: `model`. */
  readonly name: string;
  readonly closest?: string;
}

/**
 * The runner's variable for an input: `INPUT_` and the name upper-cased, spaces turned into `_`
 * (hyphens kept): `api-key` → `INPUT_API-KEY`. See @actions/core `getInput`.
 */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

const DECLARED: ReadonlyMap<string, string> = new Map(INPUT_TABLE.map((input) => [inputVariable(input.name), input.name]));

/** Far longer than any input name is no typo of one; bounded work whatever the environment holds. */
const MAX_NAME = 40;

export function unknownInputs(variableNames: readonly string[]): UnknownInput[] {
  const unknown: UnknownInput[] = [];
  for (const variable of variableNames) {
    if (!variable.startsWith('INPUT_') || DECLARED.has(variable.toUpperCase())) continue;
    const name = variable.slice('INPUT_'.length).toLowerCase();
    if (name === '') continue;
    const closest = closestInput(name);
    unknown.push({ name: name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name, ...(closest ? { closest } : {}) });
  }
  return unknown.slice(0, 10);
}

function closestInput(name: string): string | undefined {
  if (name.length > MAX_NAME) return undefined;
  const typed = name.replace(/_/g, '-');
  let best: { input: string; score: number } | undefined;
  for (const { name: input } of INPUT_TABLE) {
    const distance = editDistance(typed, input);
    const part = input.startsWith(typed) || typed.startsWith(input) || (typed.length >= 4 && input.includes(typed));
    const score = distance <= (input.length <= 6 ? 2 : 3) ? distance : part ? 4 : Infinity;
    if (score < (best?.score ?? Infinity)) best = { input, score };
  }
  return best?.input;
}
