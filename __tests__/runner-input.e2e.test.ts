// The runner's own files and variables are input like any other (docs/security-model.md): the
// event payload, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, the workflow file in the workspace and the
// variables that name them. Run the way the runner runs the action, each hostile value must leave
// the step bounded in time, with every stdout line the action's own, and nothing read from a file
// that is not what the runner put there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHECK_LABELS } from '../src/core/verdict/findings.js';
import { runAction, startupAllowanceMs, type ActionRun } from './helpers/run-action.js';

// FIFOs and symlinks as a POSIX runner has them (symlinks on Windows need a privilege CI lacks).
const POSIX = process.platform !== 'win32';
const describeWithFifo = POSIX ? describe : describe.skip;
const describePosix = POSIX ? describe : describe.skip;
const itPosix = POSIX ? it : it.skip;

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'runner-input-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The lines the action prints: masks, its titled annotations, the verdict line and one line per check. */
function foreignLines(stdout: string): string[] {
  const labels = Object.values(CHECK_LABELS);
  return stdout
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .filter(
      (line) =>
        !line.startsWith('::add-mask::') &&
        !/^::(?:error|warning) title=[^:,]+(?:,file=[^:,]+,line=\d+)?::/.test(line) &&
        !line.startsWith('DeepSeek preflight: ') &&
        !labels.some((label) => line.startsWith(`  ${label}`)),
    );
}

describe('GITHUB_EVENT_PATH is read by the action, never printed by a library', () => {
  // With an empty key the action reads the event payload, to tell a fork's pull request apart.
  it.each([
    ['a newline and ::error', '/nonexistent/event.json\n::error title=Foreign::not ours'],
    ['a legacy ##[add-mask]', '/x/##[add-mask]deploy'],
    ['::stop-commands::', '/x\n::stop-commands::token'],
    ['a warning after CR', '/x\r::warning title=Foreign::not ours'],
  ])('%s in the path: every stdout line is ours, and our error annotation stands', async (_name, eventPath) => {
    const run = await runAction({ 'api-key': '' }, { env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath }, allowUnexpectedCommands: true });
    expect(run.unexpected).toEqual([]);
    expect(foreignLines(run.stdout)).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain('GITHUB_EVENT_PATH');
    expect(run.outputs.status).toBe('missing_key');
    expect(run.annotations.filter((a) => a.command === 'error' && a.properties.title !== undefined)).toHaveLength(1);
  });

  it("a fork's pull request is still told apart from the payload we read", async () => {
    const event = path.join(dir, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { head: { repo: { full_name: 'stranger/shop' } }, base: { repo: { full_name: 'acme/shop' } } } }));
    const run = await runAction({ 'api-key': '' }, { env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event } });
    expect(run.outputs.status).toBe('skipped');
    expect(run.summary).toMatch(/fork/i);
  });

  itPosix('a payload behind a symlink to /dev/zero, or a directory: no facts, a clean verdict', async () => {
    const link = path.join(dir, 'event.json');
    symlinkSync('/dev/zero', link);
    for (const eventPath of [link, dir]) {
      const run = await runAction({ 'api-key': '' }, { env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath }, timeoutMs: 20_000 });
      expect(run.outputs.status).toBe('missing_key');
    }
  });
});

describeWithFifo('a FIFO at a runner-set path does not hang the step', () => {
  const fifo = (): string => {
    const file = path.join(dir, `fifo-${Math.random().toString(16).slice(2)}`);
    execFileSync('mkfifo', [file]);
    return file;
  };
  /** Ends within the start-up allowance (no network: an empty key) plus a second; killed after 20 s more. */
  async function bounded(env: Record<string, string>): Promise<ActionRun> {
    const allowance = (await startupAllowanceMs()) + 1000;
    const run = await runAction({ 'api-key': '' }, { env: { GITHUB_EVENT_NAME: 'pull_request', ...env }, timeoutMs: allowance + 20_000 });
    expect(run.exitCode).not.toBeNull(); // not killed
    expect(run.durationMs).toBeLessThan(allowance);
    return run;
  }

  it('GITHUB_EVENT_PATH', async () => {
    const run = await bounded({ GITHUB_EVENT_PATH: fifo() });
    expect(run.outputs.status).toBe('missing_key');
  });

  it('GITHUB_OUTPUT: the outputs are lost, said in a titled error; the verdict stands', async () => {
    const run = await bounded({ GITHUB_OUTPUT: fifo() });
    expect(run.exitCode).toBe(1);
    expect(run.annotations.map((a) => a.properties.title)).toContain('Step outputs not written');
    expect(run.summary).toContain('DeepSeek preflight');
  });

  it('the workflow file (a second level for the unit test of workflow-file.test.ts)', async () => {
    const workspace = path.join(dir, 'ws');
    mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
    execFileSync('mkfifo', [path.join(workspace, '.github/workflows/deploy.yml')]);
    const run = await bounded({ GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/deploy.yml@refs/heads/main' });
    expect(run.outputs.status).toBe('missing_key');
    expect(run.annotations.filter((a) => a.properties.file !== undefined)).toEqual([]);
  });

  it('GITHUB_STEP_SUMMARY: no summary, said in a titled warning', async () => {
    const run = await bounded({ GITHUB_STEP_SUMMARY: fifo() });
    expect(run.annotations.map((a) => a.properties.title)).toContain('No job summary');
    expect(run.outputs.status).toBe('missing_key');
  });
});

describePosix('the workflow file: only a regular file inside the real workspace', () => {
  const REF = 'acme/shop/.github/workflows/deploy.yml@refs/heads/main';
  const workflow = (secret: string): string =>
    ['on: push', 'jobs:', '  check:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: acme/deepseek-preflight@v1', '        with:', `          api-key: \${{ secrets.${secret} }}`, ''].join(
      '\n',
    );

  /** A workspace whose `.github/workflows` is made by `arrange`, and a missing-key run against it. */
  async function missingKeyRun(arrange: (workflows: string, outside: string) => void): Promise<ActionRun> {
    const workspace = path.join(dir, 'workspace');
    const outside = path.join(dir, 'outside');
    mkdirSync(path.join(workspace, '.github'), { recursive: true });
    mkdirSync(outside);
    arrange(path.join(workspace, '.github/workflows'), outside);
    // A variable holding workflow lines: what /proc/self/environ of the step would show.
    return runAction({ 'api-key': '' }, { env: { GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: REF, SMUGGLED: `\n${workflow('OUTSIDE_NAME')}` } });
  }
  const placed = (run: ActionRun): boolean => run.annotations.some((a) => a.properties.file !== undefined);

  it('a workflow file of the workspace: the line, and the secret it names', async () => {
    const run = await missingKeyRun((workflows) => {
      mkdirSync(workflows);
      writeFileSync(path.join(workflows, 'deploy.yml'), workflow('INSIDE_NAME'));
    });
    expect(placed(run)).toBe(true);
    expect(run.summary).toContain('INSIDE_NAME');
  });

  it.each([
    [
      'a symlinked file pointing outside',
      (workflows: string, outside: string) => {
        mkdirSync(workflows);
        writeFileSync(path.join(outside, 'secret.yml'), workflow('OUTSIDE_NAME'));
        symlinkSync(path.join(outside, 'secret.yml'), path.join(workflows, 'deploy.yml'));
      },
    ],
    [
      'a symlinked workflows directory pointing outside',
      (workflows: string, outside: string) => {
        writeFileSync(path.join(outside, 'deploy.yml'), workflow('OUTSIDE_NAME'));
        symlinkSync(outside, workflows);
      },
    ],
    [
      'a relative symlink climbing out',
      (workflows: string, outside: string) => {
        mkdirSync(workflows);
        writeFileSync(path.join(outside, 'x.yml'), workflow('OUTSIDE_NAME'));
        symlinkSync('../../../outside/x.yml', path.join(workflows, 'deploy.yml'));
      },
    ],
    ['a link to /proc/self/environ', (workflows: string) => (mkdirSync(workflows), symlinkSync('/proc/self/environ', path.join(workflows, 'deploy.yml')))],
  ])('%s: no line, and no name from it anywhere', async (_name, arrange) => {
    const run = await missingKeyRun(arrange);
    expect(run.outputs.status).toBe('missing_key');
    expect(placed(run)).toBe(false);
    expect(run.everything).not.toContain('OUTSIDE_NAME');
    expect(run.everything).not.toContain('INPUT_API-KEY');
  });
});

describe('GITHUB_WORKFLOW_REF climbing out of the workspace (a second level for the unit tests of workflowPathFromRef)', () => {
  it.each([
    ['with /', 'acme/shop/.github/workflows/../../../outside/deploy.yml@refs/heads/main'],
    ['with \\', 'acme/shop/.github/workflows/..\\..\\..\\outside\\deploy.yml@refs/heads/main'],
  ])('%s: the file out there is not read', async (_name, ref) => {
    const workspace = path.join(dir, 'ws');
    mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
    mkdirSync(path.join(dir, 'outside'));
    const lines = ['on: push', 'jobs:', '  check:', '    steps:', '      - uses: acme/deepseek-preflight@v1', '        with:', '          api-key: ${{ secrets.OUTSIDE_NAME }}', ''];
    writeFileSync(path.join(dir, 'outside/deploy.yml'), lines.join('\n'));
    const run = await runAction({ 'api-key': '' }, { env: { GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: ref } });
    expect(run.outputs.status).toBe('missing_key');
    expect(run.everything).not.toContain('OUTSIDE_NAME');
  });
});

describe('the annotation line: only inside the step that runs this action', () => {
  it("a caller workflow holding another action's api-key: no line, and no secret name from it", async () => {
    const workspace = path.join(dir, 'ws');
    mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
    writeFileSync(
      path.join(workspace, '.github/workflows/deploy.yml'),
      [
        'on: push',
        'jobs:',
        '  summarize:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: someone/openai-summary@v3',
        '        with:',
        '          api-key: ${{ secrets.OPENAI_API_KEY }}',
        '  check:',
        '    uses: acme/shared/.github/workflows/deepseek-check.yml@v1',
        '    secrets: inherit',
        '',
      ].join('\n'),
    );
    // In the called workflow, GITHUB_WORKFLOW_REF still names the caller's file.
    const run = await runAction({ 'api-key': '' }, { env: { GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/deploy.yml@refs/heads/main', GITHUB_JOB: 'check' } });
    expect(run.outputs.status).toBe('missing_key');
    expect(run.annotations.length).toBeGreaterThan(0);
    expect(run.annotations.filter((a) => a.properties.file !== undefined || a.properties.line !== undefined)).toEqual([]);
    expect(run.everything).not.toContain('OPENAI_API_KEY');
  });
});
