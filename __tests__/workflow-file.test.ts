// The workflow file is read only to place annotations on the `api-key:` line. Whatever sits at
// that path — a FIFO, a symlink to /dev/zero, a huge file, a file of spaces — the read ends fast
// and the answer is "no location", never a hang, a 600 MB string or minutes of CPU.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_WORKFLOW_BYTES } from '../src/action/workflow-file.js';
import { findActionStep, locateApiKeyInput } from '../src/action/workflow-location.js';
import { loadAllowanceMs } from './helpers/timing.js';
import { MINIMAL_WORKFLOW, WORKFLOW_REF } from './helpers/workflow-fixture.js';

const REF = WORKFLOW_REF;
const WORKFLOW = MINIMAL_WORKFLOW;

let workspace: string;
let file: string;
// What the runner sets for a step that runs acme/deepseek-preflight and has no `id:`.
const env = (): Record<string, string> => ({ GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: REF, GITHUB_ACTION_REPOSITORY: 'acme/deepseek-preflight', GITHUB_ACTION: '__acme_deepseek-preflight' });

beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'workflow-file-'));
  mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
  file = path.join(workspace, '.github/workflows/deploy.yml');
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

/** The answer and how long it took; a read that hangs is reported as such after `limitMs`. */
async function timedLocate(limitMs = 5000): Promise<{ result: unknown; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still reading'), limitMs)));
  const result = await Promise.race([locateApiKeyInput(env()), hung]);
  clearTimeout(timer);
  return { result, ms: performance.now() - started };
}

/**
 * "Fast": within 20 times a normal workflow file read the same way in the same test, never under
 * 300 ms, plus what load on this machine adds right now.
 */
async function fastEnoughMs(): Promise<number> {
  writeFileSync(file, WORKFLOW);
  const { result, ms } = await timedLocate();
  expect(result).toMatchObject({ file: '.github/workflows/deploy.yml', line: 8, secret: { name: 'DEEPSEEK_API_KEY' } });
  rmSync(file);
  return Math.max(20 * ms, 300) + (await loadAllowanceMs());
}

describe('what sits at the workflow path', () => {
  it('a FIFO: not opened for a blocking read', async () => {
    const bound = await fastEnoughMs();
    execFileSync('mkfifo', [file]);
    const { result, ms } = await timedLocate();
    expect(result).toBeUndefined();
    expect(ms).toBeLessThan(bound);
  });

  it('a symlink to /dev/zero: not a regular file, not read', async () => {
    const bound = await fastEnoughMs();
    symlinkSync('/dev/zero', file);
    const { result, ms } = await timedLocate();
    expect(result).toBeUndefined();
    expect(ms).toBeLessThan(bound);
  });

  it('a 5 MB file: over the size cap, not read', async () => {
    const bound = await fastEnoughMs();
    writeFileSync(file, WORKFLOW + `# ${'x'.repeat(78)}\n`.repeat((5 * 1024 * 1024) / 80));
    const { result, ms } = await timedLocate();
    expect(result).toBeUndefined();
    expect(ms).toBeLessThan(bound);
  });

  it('a file just under the cap is still read', async () => {
    writeFileSync(file, WORKFLOW + '#'.repeat(MAX_WORKFLOW_BYTES - WORKFLOW.length));
    expect((await timedLocate()).result).toMatchObject({ file: '.github/workflows/deploy.yml', line: 8, secret: { name: 'DEEPSEEK_API_KEY' } });
  });

  it('a file of 100 000 spaces: scanned in linear time', async () => {
    const bound = await fastEnoughMs();
    writeFileSync(file, ' '.repeat(100_000));
    const { result, ms } = await timedLocate(60_000);
    expect(result).toBeUndefined();
    expect(ms).toBeLessThan(bound);
  });

  it('100 000 spaces before the dash of the api-key step (and its lines) still find the line, fast', async () => {
    const bound = await fastEnoughMs();
    const deep = ' '.repeat(100_000);
    writeFileSync(file, WORKFLOW.replace('      - uses:', `${deep}- uses:`).replace('        with:', `${deep}  with:`).replace('          api-key:', `${deep}    api-key:`));
    const { result, ms } = await timedLocate(60_000);
    expect(result).toMatchObject({ file: '.github/workflows/deploy.yml', line: 8, secret: { name: 'DEEPSEEK_API_KEY' } });
    expect(ms).toBeLessThan(bound);
  });

  it('a directory: no location', async () => {
    mkdirSync(file);
    expect((await timedLocate()).result).toBeUndefined();
  });
});

describe('what the api-key line says about the secret', () => {
  const OURS = { repository: 'acme/deepseek-preflight' };
  const job = (lines: string[]): string => ['on: push', 'jobs:', '  deploy:', ...lines].join('\n');
  const lineOf = (source: string): number => source.split('\n').findIndex((l) => l.trimStart().startsWith('api-key:')) + 1;
  const STEP = ['    steps:', '      - uses: acme/deepseek-preflight@v1', '        with:', '          api-key: ${{ secrets.PROD_DEEPSEEK }}'];

  it.each([
    ['a repository secret', job(['    runs-on: ubuntu-latest', ...STEP]), { name: 'PROD_DEEPSEEK' }],
    ["the job's environment, before the steps", job(['    environment: production', ...STEP]), { name: 'PROD_DEEPSEEK', environment: 'production' }],
    ["the job's environment, after the steps, quoted, with a comment", job([...STEP, "    environment: 'staging' # approvals"]), { name: 'PROD_DEEPSEEK', environment: 'staging' }],
    ['an environment as a mapping', job(['    environment:', '      name: production', '      url: https://shop.example', ...STEP]), { name: 'PROD_DEEPSEEK', environment: 'production' }],
    ["another job's environment is not this one's", ['on: push', 'jobs:', '  other:', '    environment: production', '    steps: []', '  deploy:', ...STEP].join('\n'), { name: 'PROD_DEEPSEEK' }],
    [
      'the bracket form',
      job(['    runs-on: x', '    steps:', '      - uses: acme/deepseek-preflight@v1', '        with:', "          api-key: ${{ secrets['PROD_DEEPSEEK'] }}"]),
      { name: 'PROD_DEEPSEEK' },
    ],
  ])('%s', (_name, source, expected) => {
    const step = findActionStep(source, OURS);
    expect(step?.apiKeyLine).toBe(lineOf(source));
    expect(step?.secret).toEqual(expected);
  });

  it('names nothing when the line passes no single secret', () => {
    const source = job(['    steps:', '      - uses: acme/deepseek-preflight@v1', '        with:', '          api-key: ${{ env.KEY }}']);
    expect(findActionStep(source, OURS)?.apiKeyLine).toBe(lineOf(source));
    expect(findActionStep(source, OURS)?.secret).toBeUndefined();
  });
});
