// The inputs are described once, in src/core/input/input-table.ts: action.yml and the README's inputs
// table must say the same names, in the same order, with the same defaults (and action.yml the
// same descriptions), so that adding or changing an input cannot leave one of them behind.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { INPUT_TABLE } from '../src/core/input/input-table.js';
import { USAGE } from '../src/cli/args.js';
import { REPO_ROOT } from './helpers/run-action.js';

/** action.yml's `inputs:` block, read as the plain `key: value` lines it is written in. */
function actionYmlInputs(): Array<{ name: string; description?: string; default?: string }> {
  const lines = readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8').split('\n');
  const start = lines.indexOf('inputs:');
  const inputs: Array<{ name: string; description?: string; default?: string }> = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const name = /^ {2}([\w-]+):\s*$/.exec(line);
    if (name?.[1]) inputs.push({ name: name[1] });
    const field = /^ {4}(description|default):\s?(.*)$/.exec(line);
    const current = inputs[inputs.length - 1];
    if (field && current) current[field[1] as 'description' | 'default'] = field[2]?.replace(/^'(.*)'$/, '$1') ?? '';
  }
  return inputs;
}

/** The README's `## Inputs` table: input name and default of each row. */
function readmeInputs(): Array<{ name: string; default: string }> {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Inputs\n'), readme.indexOf('\n## Outputs\n'));
  return [...section.matchAll(/^\| `([\w-]+)` \| `([^`]*)` \|/gm)].map((m) => ({ name: m[1] ?? '', default: m[2] === "''" ? '' : (m[2] ?? '') }));
}

describe('the inputs table is the one description of the inputs', () => {
  it('action.yml declares exactly its inputs, in its order, with its defaults and descriptions', () => {
    expect(actionYmlInputs()).toEqual(INPUT_TABLE.map((i) => ({ name: i.name, description: i.description, default: i.default })));
  });
  it("the README's inputs table lists exactly its inputs, in its order, with its defaults", () => {
    expect(readmeInputs()).toEqual(INPUT_TABLE.map((i) => ({ name: i.name, default: i.default })));
  });
  it("the CLI's help has one line per flag, and never one for the key", () => {
    for (const input of INPUT_TABLE) {
      if ('cli' in input) expect(USAGE).toContain(`  ${input.cli.usage} `);
      else expect(USAGE).not.toContain(`--${input.name}`);
    }
  });
});
