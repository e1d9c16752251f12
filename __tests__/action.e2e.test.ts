// The committed dist/ run as the runner runs it, against the simulator on loopback: exit code,
// annotations, summary and outputs as a user would see them, one scenario per status.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_KEYS } from '../src/simulator/server.js';
import { runAction } from './helpers/run-action.js';
import { checkAgainst, withSimulator } from './helpers/simulated.js';
import { MINIMAL_WORKFLOW, WORKFLOW_REF } from './helpers/workflow-fixture.js';

const VALID = DEMO_KEYS.valid;

const check = checkAgainst;

describe('a valid key', () => {
  it('passes with every output filled and a green summary', async () => {
    const { run, sim } = await check({ 'api-key': VALID, models: 'deepseek-chat' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({
      status: 'ok',
      ok: 'true',
      'http-status': '200',
      'key-fingerprint': 'sk-…a11d',
      balance: '110.00 CNY',
      models: 'deepseek-v4-pro,deepseek-flash,deepseek-chat,deepseek-reasoner',
      message: expect.stringContaining('works'),
    });
    expect(run.summary).toContain('✅ DeepSeek preflight');
    expect(run.summary).toMatch(/\| Authentication \| ✅ pass \|/);
    expect(run.annotations.filter((a) => a.command === 'error')).toEqual([]);
    // Both free endpoints, once each, concurrently; nothing else.
    expect(sim.requests.map((r) => r.path).sort()).toEqual(['/models', '/user/balance']);
    expect(sim.requests.every((r) => r.authorization === `Bearer ${VALID}`)).toBe(true);
  });

  it('masks the key before anything else is printed', async () => {
    const { run } = await check({ 'api-key': VALID });
    expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${VALID}`);
  });

  it('works behind a /v1 base and a gateway path prefix', async () => {
    const v1 = await withSimulator({}, (sim) => runAction({ 'api-key': VALID, 'base-url': `${sim.url}/v1/` }));
    expect(v1.outputs.status).toBe('ok');
    const gateway = await withSimulator({ prefix: '/gateway/deepseek' }, (sim) => runAction({ 'api-key': VALID, 'base-url': sim.url }));
    expect(gateway.outputs.status).toBe('ok');
  });
});

describe('a missing key', () => {
  it('fails on a push, saying where to create and how to pass the secret', async () => {
    const { run, sim } = await check({ 'api-key': '' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('missing_key');
    expect(run.outputs.ok).toBe('false');
    expect(run.outputs['http-status']).toBe('');
    expect(run.annotations[0]).toMatchObject({ command: 'error', properties: { title: 'No DeepSeek API key' } });
    expect(run.summary).toContain('https://github.com/acme/shop/settings/secrets/actions');
    expect(run.summary).toContain('${{ secrets.DEEPSEEK_API_KEY }}');
    expect(sim.requests).toEqual([]);
  });

  function forkEvent(event = 'pull_request'): Record<string, string> {
    const dir = mkdtempSync(path.join(tmpdir(), 'event-'));
    const file = path.join(dir, 'event.json');
    writeFileSync(file, JSON.stringify({ pull_request: { number: 7, head: { repo: { full_name: 'mallory/shop', fork: true } }, base: { repo: { full_name: 'acme/shop' } } } }));
    return { GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: file };
  }

  // A review of a fork's pull request runs with the same withheld secrets as the pull request.
  it.each(['pull_request_review', 'pull_request_review_comment'])('skips a %s event on a fork pull request', async (event) => {
    const { run } = await check({ 'api-key': '' }, {}, { env: forkEvent(event) });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('skipped');
    expect(run.annotations).toEqual([expect.objectContaining({ command: 'warning', properties: expect.objectContaining({ title: 'Key check skipped: pull request from a fork' }) })]);
  });

  it('skips a pull request from a fork with a warning that explains why', async () => {
    const { run } = await check({ 'api-key': '' }, {}, { env: forkEvent() });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('skipped');
    expect(run.outputs.ok).toBe('false');
    expect(run.annotations).toEqual([expect.objectContaining({ command: 'warning', properties: expect.objectContaining({ title: 'Key check skipped: pull request from a fork' }) })]);
    expect(run.summary).toContain('does not pass repository secrets to workflows run for forks');
  });

  it('fails a fork pull request when on-missing-key is fail', async () => {
    const { run } = await check({ 'api-key': '', 'on-missing-key': 'fail' }, {}, { env: forkEvent() });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('missing_key');
    expect(run.summary).toContain('pull request from a fork');
  });

  it('does not treat a pull request from a branch of the same repository as a fork', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'event-'));
    const file = path.join(dir, 'event.json');
    writeFileSync(file, JSON.stringify({ pull_request: { head: { repo: { full_name: 'acme/shop', fork: false } }, base: { repo: { full_name: 'acme/shop' } } } }));
    const { run } = await check({ 'api-key': '' }, {}, { env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file } });
    expect(run.outputs.status).toBe('missing_key');
    expect(run.exitCode).toBe(1);
  });

  it('skips a Dependabot run, whatever the event, and names the Dependabot secret store', async () => {
    const { run } = await check({ 'api-key': '' }, {}, { env: { GITHUB_ACTOR: 'dependabot[bot]', GITHUB_EVENT_NAME: 'push' } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('skipped');
    expect(run.summary).toContain('https://github.com/acme/shop/settings/secrets/dependabot');
  });

  it('skips anywhere with on-missing-key: skip', async () => {
    const { run } = await check({ 'api-key': '', 'on-missing-key': 'skip' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('skipped');
  });
});

describe('a malformed key', () => {
  it('says the secret works once the trailing newline is removed', async () => {
    const { run, sim } = await check({ 'api-key': `${VALID}\n` });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('malformed_key');
    expect(run.outputs.message).toContain('works once the trailing newline is removed');
    expect(run.annotations[0]?.command).toBe('error');
    // Only the cleaned key is sent.
    expect(sim.requests.every((r) => r.authorization === `Bearer ${VALID}`)).toBe(true);
  });

  it.each([
    ['wrapping quotes', `"${VALID}"`, 'the surrounding quotes'],
    ['a pasted Bearer prefix', `Bearer ${VALID}`, 'the Bearer prefix'],
    ['leading spaces', `  ${VALID}`, 'the 2 leading spaces'],
    ['an .env assignment', `DEEPSEEK_API_KEY=${VALID}`, 'the DEEPSEEK_API_KEY= before the key'],
  ])('%s: cleanable, and the cleaned key is accepted', async (_name, key, removal) => {
    const { run } = await check({ 'api-key': key });
    expect(run.outputs.status).toBe('malformed_key');
    expect(run.outputs.message).toContain(`works once ${removal}`);
  });

  it('a cleaned key that DeepSeek still rejects reports both problems, malformed first', async () => {
    const { run } = await check({ 'api-key': `${DEMO_KEYS.revoked}\n` });
    expect(run.outputs.status).toBe('malformed_key');
    expect(run.summary).toContain('Even with the trailing newline removed, DeepSeek rejects the key');
    expect(run.annotations.map((a) => a.properties.title)).toEqual(['The DeepSeek key secret has extra characters', 'The endpoint rejected the API key']);
  });

  it.each([
    ['${{ secrets.DEEPSEEK_API_KEY }}', 'the literal text'],
    ['$DEEPSEEK_API_KEY', 'shell variable reference'],
    ['null', 'the word `null`'],
    ['undefined', 'the word `undefined`'],
    ['your-api-key-here', 'placeholder from an example'],
    ['***', 'masked value copied from a workflow log'],
    ['sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ', 'OpenAI project key'],
    ['sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789', 'Anthropic key'],
    ['sk-abc', 'only 6 characters long'],
    [`sk-${'a'.repeat(5000)}`, 'no API key is that long'],
    ['sk-5e1f0c0de0000000\u00070000000000a11d', 'control characters'],
    ['sk-5e1f0c0de00000000000000000000а11d', 'outside ASCII'],
  ])('%j is rejected before any request', async (key, words) => {
    const { run, sim } = await check({ 'api-key': key });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('malformed_key');
    expect(run.summary).toContain(words.replace(/`/g, '`'));
    expect(sim.requests).toEqual([]);
  });

  it('does not mask a placeholder word, which would blank it across the log', async () => {
    const { run } = await check({ 'api-key': 'null' });
    expect(run.commands.filter((c) => c.command === 'add-mask')).toEqual([]);
  });
});

describe('a key the endpoint rejects', () => {
  it('is invalid_key with the 401 message escaped and the echoed tail compared', async () => {
    const { run, sim } = await check({ 'api-key': DEMO_KEYS.revoked });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'invalid_key', ok: 'false', 'http-status': '401', 'key-fingerprint': 'sk-…dead' });
    expect(run.summary).toContain('`Authentication Fails, Your api key: ****dead is invalid`');
    expect(run.summary).toContain('which match the secret');
    expect(run.annotations.filter((a) => a.command === 'error')).toHaveLength(1);
    // A 401 is never retried.
    expect(sim.requests).toHaveLength(2);
  });

  it('a token of another shape is probed, and its shape is mentioned only when rejected', async () => {
    const token = 'gw_live_0123456789abcdefghijklmnop';
    const ok = await check({ 'api-key': token }, { accounts: { [token]: {} } });
    expect(ok.run.outputs.status).toBe('ok');
    expect(ok.run.summary).not.toContain('usual DeepSeek shape (`sk-` and 32');
    const rejected = await check({ 'api-key': token });
    expect(rejected.run.outputs.status).toBe('invalid_key');
    expect(rejected.run.summary).toContain('does not have the usual DeepSeek shape');
  });
});

describe('annotations point at the workflow line that passes api-key', () => {
  it('uses GITHUB_WORKFLOW_REF and GITHUB_WORKSPACE', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'workspace-'));
    mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
    writeFileSync(path.join(workspace, '.github/workflows/deploy.yml'), `name: deploy\n${MINIMAL_WORKFLOW}`);
    const { run } = await check({ 'api-key': DEMO_KEYS.revoked }, {}, { env: { GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: WORKFLOW_REF } });
    expect(run.annotations[0]?.properties).toMatchObject({ file: '.github/workflows/deploy.yml', line: '9', title: 'The endpoint rejected the API key' });
  });

  it('a missing secret on a push: names the secret on the line and the environment of the job, most likely first', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'workspace-'));
    mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
    writeFileSync(
      path.join(workspace, '.github/workflows/deploy.yml'),
      [
        'on: push',
        'jobs:',
        '  check:',
        '    runs-on: ubuntu-latest',
        '    environment: production',
        '    steps:',
        '      - uses: acme/deepseek-preflight@v1',
        '        with:',
        '          api-key: ${{ secrets.PROD_DEEPSEEK }}',
        '',
      ].join('\n'),
    );
    const { run } = await check(
      { 'api-key': '' },
      {},
      { env: { GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/deploy.yml@refs/heads/main', GITHUB_EVENT_NAME: 'push' } },
    );
    expect(run.outputs.status).toBe('missing_key');
    const steps = run.summary.split('\n').filter((line) => /^\d\. /.test(line));
    expect(steps[0]).toMatch(/^1\. Create the secret `PROD_DEEPSEEK` in the secrets of the environment `production`/);
    expect(run.summary).not.toContain('DEEPSEEK_API_KEY');
    expect(run.annotations[0]?.message).toMatch(
      /^The fix is in secrets\.PROD_DEEPSEEK, which this line passes \(the environment production's secret: GitHub reads it before a repository or organization secret of that name\)\. The api-key input is empty: this step passes the secret "PROD_DEEPSEEK"/,
    );
  });
});

describe("when the runner's files cannot be written", () => {
  const missingDir = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'runner-files-')), 'no-such-dir');
  const noStack = /^\s+at .+:\d+:\d+\)?$/m;

  it.each([
    ['a working key', VALID, 0, 'ok'],
    ['a rejected key', DEMO_KEYS.revoked, 1, 'invalid_key'],
  ])('GITHUB_OUTPUT in a missing directory, %s: a titled error, the exit code of the diagnosis', async (_name, key, exitCode, status) => {
    const { run } = await check({ 'api-key': key }, {}, { env: { GITHUB_OUTPUT: path.join(missingDir(), 'output') } });
    expect(run.exitCode).toBe(exitCode);
    expect(run.outputs).toEqual({});
    expect(run.summary).toContain(status === 'ok' ? '✅ DeepSeek preflight' : 'rejected');
    const lost = run.annotations.filter((a) => a.properties.title === 'Step outputs not written');
    expect(lost).toEqual([expect.objectContaining({ command: 'error' })]);
    expect(lost[0]?.message).toContain('every output of this step is empty');
    expect(run.stdout + run.stderr).not.toMatch(noStack);
    expect(run.annotations.some((a) => a.properties.title === 'deepseek-preflight failed')).toBe(false);
  });

  it('invalid inputs write a job summary: each input, what is wrong, and a line to write instead', async () => {
    const { run } = await check({ 'api-key': VALID, 'timeout-seconds': 'soon', retries: 'many|<b>x</b>' });
    expect(run.exitCode).toBe(1);
    const items = run.summary.split('\n').filter((line) => line.startsWith('- '));
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^- `timeout-seconds`: .*not a number of seconds.* Write instead, for example: `timeout-seconds: 20`$/);
    expect(items[1]).toMatch(/^- `retries`: .* Write instead, for example: `retries: 2`$/);
    // The value is quoted as text, not markup.
    expect(run.summary).not.toContain('<b>');
    expect(run.summary).toMatch(/^## ❌ DeepSeek preflight: 2 inputs are not valid/);
  });

  it('GITHUB_OUTPUT in a missing directory with invalid inputs: both said, exit 1', async () => {
    const { run } = await check({ 'api-key': VALID, 'timeout-seconds': 'soon' }, {}, { env: { GITHUB_OUTPUT: path.join(missingDir(), 'output') } });
    expect(run.exitCode).toBe(1);
    expect(run.annotations.map((a) => a.properties.title)).toEqual(['Invalid input: timeout-seconds', 'Step outputs not written']);
  });

  it('GITHUB_STEP_SUMMARY in a missing directory: a titled warning, outputs and exit code unchanged', async () => {
    const { run } = await check({ 'api-key': VALID }, {}, { env: { GITHUB_STEP_SUMMARY: path.join(missingDir(), 'summary') } });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('ok');
    expect(run.annotations).toEqual([expect.objectContaining({ command: 'warning', properties: { title: 'No job summary' } })]);
    expect(run.stdout + run.stderr).not.toMatch(noStack);
  });

  it('an unexpected failure: exit 1, one titled error, no stack trace, no key', async () => {
    // A fault no input can cause, injected with a preload: the first padEnd call throws an error
    // that carries the key and a stack, as a bug deep in a dependency could.
    const dir = mkdtempSync(path.join(tmpdir(), 'fault-'));
    const preload = path.join(dir, 'fault.mjs');
    writeFileSync(preload, `String.prototype.padEnd = function () { throw new Error('boom with ' + process.env['INPUT_API-KEY'] + ' inside'); };\n`);
    const { run } = await check({ 'api-key': VALID }, {}, { env: { NODE_OPTIONS: `--import=${preload}` } });
    expect(run.exitCode).toBe(1);
    const errors = run.annotations.filter((a) => a.command === 'error');
    expect(errors).toEqual([expect.objectContaining({ properties: { title: 'deepseek-preflight failed' } })]);
    expect(errors[0]?.message).toMatch(/^deepseek-preflight could not complete: boom with .* inside$/);
    expect(run.outputs.ok).toBe('false');
    const everythingButMasks = run.everything
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(everythingButMasks).not.toContain(VALID.slice(3, 11));
    expect(run.stdout + run.stderr).not.toMatch(noStack);
  });
});
