// Finds the workflows a user might copy: the repository's own workflow files and the YAML code
// blocks of the Markdown docs (a step-only or job-only block is wrapped into a minimal workflow so
// that it can be linted), and reads what a step that uses this action passes to it.
//
// The reading is line-based, for the block-style YAML that workflows are written in, with flow
// maps (`with: { a: b }`) understood too; anything it cannot read is reported, never skipped.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Workflow {
  /** Where it comes from, for messages: `docs/recipes.md:42` or `.github/workflows/ci.yml`. */
  readonly label: string;
  /** The file it was read from, relative to the repository. */
  readonly file: string;
  /** The YAML to lint: the file, the code block, or the code block wrapped into a workflow. */
  readonly yaml: string;
  /** The file line of `yaml`'s line n (1-based) is `n + lineOffset`. */
  readonly lineOffset: number;
  readonly kind: 'file' | 'workflow' | 'job' | 'steps';
}

export interface Problem {
  readonly label: string;
  readonly line: number;
  readonly message: string;
}

/** Marks a YAML code block that is not a workflow (an action.yml excerpt, a config file…). */
export const SKIP_MARKER = '<!-- actionlint-skip';

/** Markdown files whose YAML blocks are workflows: README.md (when present) and docs/*.md. */
export function docFiles(root: string): string[] {
  const files = existsSync(path.join(root, 'README.md')) ? ['README.md'] : [];
  const docs = path.join(root, 'docs');
  if (existsSync(docs))
    files.push(
      ...(readdirSync(docs, { recursive: true }) as string[])
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `docs/${f.split(path.sep).join('/')}`),
    );
  return files;
}

export function workflowFiles(root: string): string[] {
  const dir = path.join(root, '.github/workflows');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => `.github/workflows/${f}`);
}

export interface CodeBlock {
  readonly startLine: number; // 1-based line of the first line of content
  readonly content: string;
  readonly skipped: boolean;
}

/** The ```yaml / ```yml / ~~~yaml blocks of a Markdown text, indented ones (in lists) included. */
export function yamlBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\S*)/.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const close = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !close.test(lines[j] ?? ''); j++) body.push((lines[j] ?? '').startsWith(indent) ? (lines[j] ?? '').slice(indent.length) : (lines[j] ?? '').trimStart());
    if (/^ya?ml$/i.test(info)) {
      let prev = i - 1;
      while (prev >= 0 && (lines[prev] ?? '').trim() === '') prev--;
      blocks.push({ startLine: i + 2, content: body.join('\n'), skipped: (lines[prev] ?? '').trim().startsWith(SKIP_MARKER) });
    }
    i = j;
  }
  return blocks;
}

const significant = (line: string): boolean => line.trim() !== '' && !line.trim().startsWith('#');

/** Turns a code block into a workflow to lint, or says why it cannot. */
export function asWorkflow(file: string, block: CodeBlock): Workflow | Problem {
  const label = `${file}:${block.startLine}`;
  const { content } = block;
  const first = content.split('\n').find(significant) ?? '';
  const indented = (prefix: string): string =>
    content
      .split('\n')
      .map((l) => (l === '' ? l : prefix + l))
      .join('\n');
  if (/^jobs:\s*(#.*)?$/m.test(content)) {
    const hasOn = /^(on|"on"|'on'):/m.test(content);
    const yaml = hasOn ? content : `on: workflow_dispatch\n${content}`;
    return { label, file, yaml, lineOffset: block.startLine - 1 - (hasOn ? 0 : 1), kind: 'workflow' };
  }
  if (/^-\s/.test(first)) {
    const head = 'on: workflow_dispatch\njobs:\n  snippet:\n    runs-on: ubuntu-latest\n    steps:\n';
    return { label, file, yaml: head + indented('      '), lineOffset: block.startLine - 1 - 5, kind: 'steps' };
  }
  if (/^[A-Za-z_][A-Za-z0-9_-]*:\s*(#.*)?$/.test(first) && /^\s+(runs-on|steps|uses):/m.test(content)) {
    return { label, file, yaml: `on: workflow_dispatch\njobs:\n${indented('  ')}`, lineOffset: block.startLine - 1 - 2, kind: 'job' };
  }
  return {
    label,
    line: block.startLine,
    message: `a YAML block that is neither a workflow, a job nor a list of steps; if it is not meant to be one, put \`${SKIP_MARKER}: why -->\` on the line before it`,
  };
}

export function collectWorkflows(root: string): { workflows: Workflow[]; problems: Problem[]; skipped: string[] } {
  const workflows: Workflow[] = workflowFiles(root).map((file) => ({ label: file, file, yaml: readFileSync(path.join(root, file), 'utf8'), lineOffset: 0, kind: 'file' }));
  const problems: Problem[] = [];
  const skipped: string[] = [];
  for (const file of docFiles(root)) {
    for (const block of yamlBlocks(readFileSync(path.join(root, file), 'utf8'))) {
      if (block.skipped) {
        skipped.push(`${file}:${block.startLine}`);
        continue;
      }
      const result = asWorkflow(file, block);
      if ('yaml' in result) workflows.push(result);
      else problems.push(result);
    }
  }
  return { workflows, problems, skipped };
}

// ---- Reading steps ------------------------------------------------------------------------------

export interface KeyAt {
  readonly key: string;
  /** 1-based line in the YAML. */
  readonly line: number;
}

export interface ActionStep {
  readonly uses: string;
  readonly line: number;
  readonly id?: string;
  readonly with: readonly KeyAt[];
  /** Set when `with:` has a form this reader does not understand. */
  readonly unreadable?: string;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const unquote = (s: string): string => s.trim().replace(/^(['"])(.*)\1$/, '$2');

/** Splits a flow map `{ a: 1, b: "x, y", c: ${{ d }} }` into its keys. */
function flowKeys(text: string): string[] | undefined {
  const inner = /^\{(.*)\}\s*(#.*)?$/.exec(text.trim())?.[1];
  if (inner === undefined) return undefined;
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((p) => unquote(p.slice(0, p.indexOf(':') >= 0 ? p.indexOf(':') : p.length)));
}

/** The keys of the block mapping that starts below line `at` (0-based), indented more than `parent`. */
function childKeys(lines: readonly string[], at: number, parent: number): KeyAt[] {
  const keys: KeyAt[] = [];
  let column = -1;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!significant(line)) continue;
    const indent = indentOf(line);
    if (indent <= parent) break;
    if (column < 0) column = indent;
    if (indent !== column) continue; // the inside of a block scalar or a nested value
    const m = /^\s*("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(\s|$)/.exec(line);
    if (m) keys.push({ key: unquote(m[1] ?? ''), line: i + 1 });
  }
  return keys;
}

/** Every step whose `uses:` satisfies `ours`, with its `id` and its `with:` keys. */
export function actionSteps(yaml: string, ours: (uses: string) => boolean): ActionStep[] {
  const lines = yaml.split('\n');
  const steps: ActionStep[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(-\s+)?uses:\s*(.*?)\s*(#.*)?$/.exec(lines[i] ?? '');
    if (!m) continue;
    const uses = unquote(m[3] ?? '');
    if (!ours(uses)) continue;
    // The step's keys are at `column`; its list item starts at `start`, with its dash at `dash`.
    const column = (m[1] ?? '').length + (m[2] ?? '').length;
    let start = i;
    if (!m[2]) {
      for (start = i - 1; start >= 0; start--) {
        const line = lines[start] ?? '';
        if (!significant(line)) continue;
        const item = /^(\s*)(-\s+)/.exec(line);
        if (item && (item[1] ?? '').length + (item[2] ?? '').length === column) break;
        if (indentOf(line) < column) {
          start = -1;
          break;
        }
      }
      if (start < 0) continue; // `uses:` of a job (a reusable workflow), not of a step
    }
    const dash = indentOf(lines[start] ?? '');
    let id: string | undefined;
    let withKeys: KeyAt[] = [];
    let unreadable: string | undefined;
    for (let j = start; j < lines.length; j++) {
      const line = lines[j] ?? '';
      if (j > start && significant(line) && indentOf(line) <= dash) break;
      const key = /^(\s*)(-\s+)?([A-Za-z0-9_-]+):\s*(.*)$/.exec(line);
      if (!key || (key[1] ?? '').length + (key[2] ?? '').length !== column) continue;
      const value = (key[4] ?? '').replace(/(^|\s+)#.*$/, '').trim();
      if (key[3] === 'id') id = unquote(value);
      if (key[3] === 'with') {
        if (value === '') withKeys = childKeys(lines, j, column);
        else {
          const keys = flowKeys(value);
          if (keys) withKeys = keys.map((k) => ({ key: k, line: j + 1 }));
          else unreadable = `\`with: ${value}\` is not a mapping this test can read; write it as a block mapping`;
        }
      }
    }
    steps.push({ uses, line: i + 1, ...(id !== undefined ? { id } : {}), with: withKeys, ...(unreadable ? { unreadable } : {}) });
  }
  return steps;
}

export interface OutputRef {
  readonly id: string;
  readonly name: string;
  readonly line: number;
}

/** Every `steps.<id>.outputs.<name>` (or `outputs['name']`) in expressions. */
export function outputRefs(yaml: string): OutputRef[] {
  const refs: OutputRef[] = [];
  yaml.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/\bsteps\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'([^']+)'\s*\]|\[\s*"([^"]+)"\s*\])/g)) {
      refs.push({ id: m[1] ?? '', name: m[2] ?? m[3] ?? m[4] ?? '', line: i + 1 });
    }
  });
  return refs;
}

/** The keys under a top-level key of action.yml (`inputs`, `outputs`). */
export function topLevelKeys(yaml: string, section: string): string[] {
  const lines = yaml.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^${section}:\\s*(#.*)?$`).test(l));
  return at < 0 ? [] : childKeys(lines, at, 0).map((k) => k.key);
}
