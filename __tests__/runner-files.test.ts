// The opener of runner-set files, the workflow path checks and the step finder, unit by unit:
// what is refused is refused before anything is read, and only this action's step gives a line.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRunnerFile, appendRunnerFile, RunnerFileError } from '../src/action/runner-files.js';
import { readWorkflowFile } from '../src/action/workflow-file.js';
import { findActionStep, stepTargetFromEnv, workflowPathFromRef, type StepTarget } from '../src/action/workflow-location.js';
import { serverPageUrl } from '../src/core/text/links.js';

const POSIX = process.platform !== 'win32';
const itPosix = POSIX ? it : it.skip;
// /proc, and a FIFO opened for reading and writing at once, as Linux has them.
const itLinux = process.platform === 'linux' ? it : it.skip;

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'runner-files-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readRunnerFile: regular files only, checked on the handle before any read', () => {
  itLinux('a FIFO with data waiting in it: refused, and the data is still there (nothing was read)', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // Both ends held by the test (O_RDWR on a FIFO does not block on Linux): the reader would not block.
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      writeSync(fd, 'on: push\n');
      await expect(readRunnerFile(fifo, 1024)).rejects.toThrow(RunnerFileError);
      const left = Buffer.alloc(64);
      expect(left.toString('utf8', 0, readSync(fd, left))).toBe('on: push\n');
    } finally {
      closeSync(fd);
    }
  });

  itLinux('a /proc file (a "regular file" of size 0 whatever it holds): refused', async () => {
    await expect(readRunnerFile('/proc/self/environ', 1024 * 1024)).rejects.toThrow(RunnerFileError);
    await expect(readRunnerFile('/proc/self/status', 1024 * 1024)).rejects.toThrow(/size/);
  });

  it('a directory, a missing file, a file over the cap: refused; a file within it: read', async () => {
    // Not a regular file (POSIX), or not openable as a file at all (Windows): refused either way.
    await expect(readRunnerFile(dir, 1024)).rejects.toThrow(RunnerFileError);
    await expect(readRunnerFile(path.join(dir, 'none'), 1024)).rejects.toThrow('no file at that path');
    const file = path.join(dir, 'f');
    writeFileSync(file, 'x'.repeat(1025));
    await expect(readRunnerFile(file, 1024)).rejects.toThrow('larger than 1024 bytes');
    writeFileSync(file, 'x'.repeat(1024));
    await expect(readRunnerFile(file, 1024)).resolves.toBe('x'.repeat(1024));
  });

  itPosix('appendRunnerFile: a FIFO nobody reads is refused at once, a missing file is not created', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(appendRunnerFile(fifo, 'x')).rejects.toThrow('not a regular file');
    await expect(appendRunnerFile(path.join(dir, 'none'), 'x')).rejects.toThrow('no file at that path');
  });
});

describe('the workflow path', () => {
  it.each([
    ['a Windows-style climb', 'acme/shop/.github/workflows/..\\..\\..\\secrets.yml@refs/heads/main'],
    ['mixed separators', 'acme/shop/.github/workflows/x\\..\\../../etc/passwd@refs/heads/main'],
    ['a POSIX climb', 'acme/shop/.github/workflows/../../etc/passwd@refs/heads/main'],
  ])('%s is refused on every system', (_name, ref) => {
    expect(workflowPathFromRef(ref)).toBeUndefined();
  });

  it('a Windows-style climb would leave the workspace on Windows (what the check prevents)', () => {
    const file = '.github/workflows/..\\..\\..\\secrets.yml';
    expect(path.win32.join('C:\\a\\ws', file)).toBe('C:\\a\\secrets.yml');
    expect(workflowPathFromRef('acme/shop/.github/workflows/deploy.yml@refs/heads/main')).toBe('.github/workflows/deploy.yml');
  });

  itPosix('read by real path: a link inside the workspace is followed, one leaving it is not', async () => {
    const ws = path.join(dir, 'ws');
    mkdirSync(path.join(ws, '.github/workflows'), { recursive: true });
    mkdirSync(path.join(ws, 'ci'));
    writeFileSync(path.join(ws, 'ci/deploy.yml'), 'on: push\n');
    writeFileSync(path.join(dir, 'outside.yml'), 'on: push\n');
    symlinkSync('../../ci/deploy.yml', path.join(ws, '.github/workflows/inside.yml'));
    symlinkSync(path.join(dir, 'outside.yml'), path.join(ws, '.github/workflows/outside.yml'));
    expect(await readWorkflowFile(ws, '.github/workflows/inside.yml')).toEqual({ source: 'on: push\n' });
    expect(await readWorkflowFile(ws, '.github/workflows/outside.yml')).toBeUndefined();
    // The workspace itself behind a symlink is fine: both sides are compared as real paths.
    symlinkSync(ws, path.join(dir, 'ws-link'));
    expect(await readWorkflowFile(path.join(dir, 'ws-link'), '.github/workflows/inside.yml')).toEqual({ source: 'on: push\n' });
  });
});

describe('findActionStep: the step that runs this action, or none', () => {
  const OURS: StepTarget = { repository: 'acme/deepseek-preflight' };
  const workflow = (...jobs: string[][]): string => ['on: push', 'jobs:', ...jobs.flat(), ''].join('\n');
  const job = (id: string, steps: string[], extra: string[] = []): string[] => [`  ${id}:`, '    runs-on: ubuntu-latest', ...extra, '    steps:', ...steps.map((l) => `      ${l}`)];
  const step = (uses: string, secret: string, id?: string): string[] => [...(id ? [`- id: ${id}`, `  uses: ${uses}`] : [`- uses: ${uses}`]), '  with:', `    api-key: \${{ secrets.${secret} }}`];
  const lineOf = (source: string, text: string): number => source.split('\n').findIndex((l) => l.includes(text)) + 1;

  it("another action's api-key is never ours, whatever comes first", () => {
    const source = workflow(job('other', step('someone/openai-summary@v3', 'OPENAI_API_KEY')), job('check', step('acme/deepseek-preflight@v1', 'DEEPSEEK')));
    expect(findActionStep(source, OURS)?.secret).toEqual({ name: 'DEEPSEEK' });
    expect(findActionStep(workflow(job('other', step('someone/openai-summary@v3', 'OPENAI_API_KEY'))), OURS)).toBeUndefined();
  });

  it('a reusable-workflow call (a job-level `uses:`) holds no step', () => {
    const source = workflow(['  check:', '    uses: acme/shared/.github/workflows/x.yml@v1', '    with:', '      api-key: ${{ secrets.OPENAI_API_KEY }}']);
    expect(findActionStep(source, { ...OURS, job: 'check' })).toBeUndefined();
    expect(findActionStep(source, OURS)).toBeUndefined();
  });

  it('GITHUB_JOB picks the job, GITHUB_ACTION the step: by id, or by the made-up name and its occurrence', () => {
    const source = workflow(
      job('staging', [...step('acme/deepseek-preflight@v1', 'STAGING')]),
      job('production', [...step('acme/deepseek-preflight@v1', 'FIRST'), ...step('acme/deepseek-preflight@v1', 'SECOND'), ...step('acme/deepseek-preflight@v1', 'NAMED', 'named')]),
    );
    const secretOf = (target: StepTarget): string | undefined => findActionStep(source, { ...OURS, ...target })?.secret?.name;
    expect(secretOf({ job: 'staging', action: '__acme_deepseek-preflight' })).toBe('STAGING');
    expect(secretOf({ job: 'production', action: '__acme_deepseek-preflight' })).toBe('FIRST');
    expect(secretOf({ job: 'production', action: '__acme_deepseek-preflight_2' })).toBe('SECOND');
    expect(secretOf({ job: 'production', action: 'named' })).toBe('NAMED');
    expect(secretOf({ job: 'production', action: '__acme_deepseek-preflight_3' })).toBeUndefined();
    // Without GITHUB_JOB, unnamed steps in two jobs cannot be told apart: no line.
    expect(secretOf({ action: '__acme_deepseek-preflight' })).toBeUndefined();
    expect(secretOf({ job: 'nowhere', action: '__acme_deepseek-preflight' })).toBeUndefined();
  });

  it("the block: lines, uses, with, api-key, secret and the job's environment", () => {
    const source = workflow(job('deploy', step('acme/deepseek-preflight@v1', 'PROD', 'check'), ['    environment: production']));
    expect(findActionStep(source, { ...OURS, job: 'deploy', action: 'check' })).toEqual({
      job: 'deploy',
      environment: 'production',
      firstLine: lineOf(source, '- id: check'),
      lastLine: lineOf(source, 'api-key:'),
      keyColumn: 8,
      usesLine: lineOf(source, 'uses:'),
      uses: 'acme/deepseek-preflight@v1',
      id: 'check',
      withLine: lineOf(source, 'with:'),
      withColumn: 10,
      apiKeyLine: lineOf(source, 'api-key:'),
      secret: { name: 'PROD', environment: 'production' },
    });
  });

  it('a local action: `uses: ./` is ours only when it is our directory', () => {
    const source = workflow(job('check', [...step('./', 'ROOT'), ...step('./tools/other', 'OTHER')]));
    expect(findActionStep(source, { localPath: '.' })?.secret?.name).toBe('ROOT');
    expect(findActionStep(source, { localPath: 'tools/other' })?.secret?.name).toBe('OTHER');
    expect(findActionStep(source, { localPath: 'elsewhere' })).toBeUndefined();
    // A repository action is never matched by a local path, nor the other way round.
    expect(findActionStep(source, OURS)).toBeUndefined();
  });

  it("an api-key under the step's env:, or in another step's block, is not the input", () => {
    const source = workflow(job('check', ['- uses: acme/deepseek-preflight@v1', '  env:', '    api-key: ${{ secrets.NOT_INPUT }}', '- run: echo', '  with:', '    api-key: ${{ secrets.NOR_THIS }}']));
    const block = findActionStep(source, OURS);
    expect(block?.usesLine).toBe(lineOf(source, 'uses:'));
    expect(block?.apiKeyLine).toBeUndefined();
  });

  it('stepTargetFromEnv: the runner variables, the local path only when no repository is named', () => {
    expect(stepTargetFromEnv({ GITHUB_ACTION_REPOSITORY: 'acme/deepseek-preflight', GITHUB_JOB: 'j', GITHUB_ACTION: 'id' }, '.')).toEqual({
      repository: 'acme/deepseek-preflight',
      job: 'j',
      action: 'id',
    });
    expect(stepTargetFromEnv({}, '.')).toEqual({ localPath: '.' });
  });
});

describe('links from GITHUB_SERVER_URL: a parsed origin, re-serialized, a link target only', () => {
  it.each([
    ['https://github.com', 'https://github.com/acme/shop/settings/secrets/actions'],
    ['https://ghe.example.com/', 'https://ghe.example.com/acme/shop/settings/secrets/actions'],
    ['https://GHE.Example.com:8443', 'https://ghe.example.com:8443/acme/shop/settings/secrets/actions'],
  ])('%s', (server, expected) => {
    expect(serverPageUrl(server, 'acme/shop/settings/secrets/actions')).toBe(expected);
  });

  it.each([
    'https://github.com/x)![tracker](https://evil.example/pixel.png)',
    'https://github.com)![tracker](https://evil.example/pixel.png',
    'https://github.com)(evil',
    'https://user:pass@github.com',
    'https://github.com/?q=1',
    'https://github.com/#x',
    'http://github.com',
    'javascript:alert(1)',
    'https://[::1]',
    '',
  ])('refused: %s', (server) => {
    expect(serverPageUrl(server, 'acme/shop/settings/secrets/actions')).toBeUndefined();
  });

  it('whatever the page, the result holds nothing Markdown reads in a link destination', () => {
    expect(serverPageUrl('https://github.com', 'a b/(c)/[d]/<e>/`f`/!g')).toBe('https://github.com/a%20b/%28c%29/%5Bd%5D/%3Ce%3E/%60f%60/%21g');
  });
});
