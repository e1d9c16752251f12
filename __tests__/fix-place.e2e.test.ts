// Every finding knows where its fix is: the annotation lands on the workflow line the fix belongs to
// (the `api-key:` line for the secret, the input's own line, the `uses:` line for an input that is
// not written, the `env:` line that sets a runner variable, no line for what nothing in the file
// changes), and a failure the runner repeats on every run blocks by default. Run on the bundle,
// with a real workflow file of several steps and inputs on separate lines.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_KEYS } from '../src/simulator/server.js';
import { startForwardProxy } from './helpers/forward-proxy.js';
import { checkAgainst, withSimulator } from './helpers/simulated.js';
import { runAction, type ActionRun, type WorkflowCommand } from './helpers/run-action.js';
import { TLS } from './helpers/tls.js';
import { runCli } from './helpers/run-cli.js';

const VALID = DEMO_KEYS.valid;
const REF = 'acme/shop/.github/workflows/deploy.yml@refs/heads/main';

/** Line numbers are the array index + 1: each is named where the tests read it. */
const DEPLOY = [
  'name: deploy', // 1
  'on: push', // 2
  'env:', // 3
  '  NODE_EXTRA_CA_CERTS: /etc/ssl/corp-ca.pem', // 4
  'jobs:', // 5
  '  deploy:', // 6
  '    runs-on: ubuntu-latest', // 7
  '    environment: production', // 8
  '    env:', // 9
  '      HTTPS_PROXY: http://proxy.corp.example:3128', // 10
  '    steps:', // 11
  '      - uses: actions/checkout@v5', // 12
  '      - name: Check the DeepSeek key', // 13
  '        id: deepseek', // 14
  '        uses: acme/deepseek-preflight@v2', // 15
  '        with:', // 16
  '          api-key: ${{ secrets.PROD_KEY }}', // 17
  '          base-url: ${{ vars.DEEPSEEK_BASE }}', // 18
  '          models: deepseek-v4-pro, deepseek-v9', // 19
  '          min-balance: 5 USD', // 20
  '      - name: Deploy', // 21
  '        run: ./deploy.sh', // 22
  '        env:', // 23
  '          HTTPS_PROXY: http://other.example:3128', // 24
  '',
].join('\n');

const LINE = { workflowCa: 4, jobProxy: 10, uses: 15, apiKey: 17, baseUrl: 18, models: 19, minBalance: 20 } as const;

/** The same workflow without the base-url line: an input that is not written goes on `uses:`. */
const WITHOUT_BASE_URL = DEPLOY.split('\n')
  .filter((l) => !l.includes('base-url:'))
  .join('\n');

function workspaceWith(workflow: string): Record<string, string> {
  const workspace = mkdtempSync(path.join(tmpdir(), 'fix-place-'));
  mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
  writeFileSync(path.join(workspace, '.github/workflows/deploy.yml'), workflow);
  // As the runner sets them for this step: its job's id and the step's own id.
  return {
    GITHUB_WORKSPACE: workspace,
    GITHUB_WORKFLOW_REF: REF,
    GITHUB_JOB: 'deploy',
    GITHUB_ACTION: 'deepseek',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
  };
}

const first = (run: ActionRun): WorkflowCommand => {
  const annotation = run.annotations[0];
  if (!annotation) throw new Error(`no annotation; stdout:\n${run.stdout}`);
  return annotation;
};

describe('the annotation lands where the fix is', () => {
  it('secret: on the api-key line, worded as what that line passes, never "not in this line"', async () => {
    const run = await runAction({ 'api-key': `${VALID}\n` }, { env: workspaceWith(DEPLOY) });
    expect(run.outputs.status).toBe('malformed_key');
    expect(first(run).properties).toMatchObject({ file: '.github/workflows/deploy.yml', line: String(LINE.apiKey) });
    expect(first(run).message).toMatch(
      /^The fix is in secrets\.PROD_KEY, which this line passes \(the environment production's secret: GitHub reads it before a repository or organization secret of that name\)\./,
    );
    expect(run.everything).not.toContain('not in this line');
  });

  it('input: on the models line', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, models: 'deepseek-v4-pro, deepseek-v9' }, {}, { env: workspaceWith(DEPLOY) });
    expect(run.outputs.status).toBe('model_unavailable');
    expect(first(run).properties).toMatchObject({ file: '.github/workflows/deploy.yml', line: String(LINE.models) });
    expect(first(run).message).toMatch(/^The fix is the models input of this step\./);
  });

  it('input: on the min-balance line', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, 'min-balance': '5 USD' }, {}, { env: workspaceWith(DEPLOY) });
    expect(run.outputs.status).toBe('low_balance');
    expect(first(run).properties).toMatchObject({ line: String(LINE.minBalance) });
  });

  it('input: a host name that does not exist is on the base-url line, and blocks by default', async () => {
    const run = await runAction({ 'api-key': VALID, 'base-url': 'https://gateway.example.invalid/v1', retries: '0' }, { env: workspaceWith(DEPLOY) });
    expect(run.outputs.status).toBe('unreachable');
    expect(run.exitCode).toBe(1);
    expect(first(run)).toMatchObject({ command: 'error', properties: { title: 'The host name of base-url does not exist', line: String(LINE.baseUrl) } });
    expect(run.summary).toContain('Re-running gives the same answer until it is fixed, so this blocks the deploy');
  });

  it('input not written: on the step’s uses line', async () => {
    await withSimulator({}, async (sim) => {
      const run = await runAction(
        { 'api-key': VALID, 'base-url': `http://127.0.0.1:${sim.port}`, models: 'deepseek-v9' },
        { env: workspaceWith(WITHOUT_BASE_URL.replace('models: deepseek-v4-pro, deepseek-v9', 'timeout-seconds: 20')) },
      );
      expect(run.outputs.status).toBe('model_unavailable');
      expect(first(run).properties).toMatchObject({ line: String(LINE.uses) });
    });
  });

  it('runner: a proxy asking for credentials is on the job’s env line that sets HTTPS_PROXY (not the other step’s), and blocks by default', async () => {
    const proxy = await startForwardProxy({ refuseWith: 407 });
    try {
      await withSimulator({ tls: TLS }, async (sim) => {
        const run = await runAction({ 'api-key': VALID, 'base-url': `https://127.0.0.1:${sim.port}`, retries: '0' }, { env: { ...workspaceWith(DEPLOY), HTTPS_PROXY: proxy.url } });
        expect(run.outputs.status).toBe('unreachable');
        expect(run.exitCode).toBe(1);
        expect(first(run)).toMatchObject({ command: 'error', properties: { title: 'The proxy asked for credentials', line: String(LINE.jobProxy) } });
        expect(first(run).message).toMatch(/^The fix is in the runner's environment \(HTTPS_PROXY\)/);
      });
    } finally {
      await proxy.close();
    }
  });

  it('runner: a self-signed certificate is on the workflow’s env line that sets NODE_EXTRA_CA_CERTS, worded as a self-signed leaf', async () => {
    await withSimulator({ tls: TLS }, async (sim) => {
      const run = await runAction(
        { 'api-key': VALID, 'base-url': `https://127.0.0.1:${sim.port}`, retries: '0' },
        { env: { ...workspaceWith(DEPLOY), NODE_EXTRA_CA_CERTS: '/nonexistent/corp-ca.pem' } },
      );
      expect(run.outputs.status).toBe('unreachable');
      expect(run.exitCode).toBe(1);
      expect(first(run).properties).toMatchObject({ line: String(LINE.workflowCa) });
      expect(first(run).message).toContain('self-signed');
      expect(first(run).message).not.toContain('TLS-inspecting');
    });
  });

  it('remote: a persistent 429 is on no line and does not block by default', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, retries: '0' }, { always: { kind: 'rate_limited', retryAfter: '0' } }, { env: workspaceWith(DEPLOY) });
    expect(run.outputs.status).toBe('rate_limited');
    expect(run.exitCode).toBe(0);
    expect(first(run).properties.file).toBeUndefined();
    expect(first(run).message).toMatch(/^Nothing to change in this workflow or the secret\./);
  });

  it('gateway: a 403 from an endpoint that is not DeepSeek is on no line', async () => {
    const key = 'sk-00000000000000000000000000000403';
    const { run } = await checkAgainst({ 'api-key': key }, { accounts: { [key]: { state: 'forbidden' } } }, { env: workspaceWith(DEPLOY) });
    expect(run.outputs.status).toBe('forbidden');
    expect(first(run).properties.file).toBeUndefined();
    expect(first(run).message).toMatch(/^The fix is in the gateway's settings \(127\.0\.0\.1\); nothing in this workflow needs to change\./);
  });
});

describe('words that fit the situation', () => {
  it('a proxy that answers 502 to CONNECT could not reach the upstream: not "refused", and a re-run may fix it', async () => {
    const proxy = await startForwardProxy({ refuseWith: 502 });
    try {
      await withSimulator({ tls: TLS }, async (sim) => {
        const run = await runAction({ 'api-key': VALID, 'base-url': `https://127.0.0.1:${sim.port}`, retries: '0' }, { env: { HTTPS_PROXY: proxy.url } });
        expect(run.outputs.status).toBe('unreachable');
        expect(run.exitCode).toBe(0);
        expect(first(run).properties.title).toBe('The proxy could not reach the endpoint');
        expect(run.everything).not.toContain('refused');
      });
    } finally {
      await proxy.close();
    }
  });

  it('an OpenRouter key rejected by a gateway: the gateway’s key, found in the gateway’s dashboard, with its prefix kept in the fingerprint', async () => {
    const key = `sk-or-v1-${'0123456789abcdef'.repeat(3)}0123456789ab757f`;
    // An OpenRouter-style 401: the gateway's own message, no DeepSeek echo of the key's end.
    const { run } = await checkAgainst({ 'api-key': key, retries: '0' }, { always: { kind: 'status', status: 401, body: '{"error":{"message":"No auth credentials found","code":401}}' } });
    expect(run.outputs.status).toBe('invalid_key');
    expect(run.outputs['key-fingerprint']).toBe('sk-or-…757f');
    expect(run.everything).not.toContain('not a DeepSeek key');
    const steps = run.summary.split('\n').filter((line) => /^\d\. /.test(line));
    expect(steps[0]).toMatch(/^1\. The key is checked by the gateway: find the key ending in `757f` in the gateway's dashboard/);
    expect(run.summary).not.toContain('platform.deepseek.com/api_keys');
  });

  it('Dependabot: "nothing to fix" first; a Dependabot secret only with the exposure it implies', async () => {
    const run = await runAction({ 'api-key': '' }, { env: { GITHUB_ACTOR: 'dependabot[bot]', GITHUB_EVENT_NAME: 'pull_request' } });
    expect(run.outputs.status).toBe('skipped');
    const steps = run.summary.split('\n').filter((line) => /^\d\. /.test(line));
    expect(steps[0]).toMatch(/^1\. Nothing to fix/);
    expect(steps[1]).toMatch(/hands the key to every Dependabot run, which executes the freshly bumped dependencies' code/);
  });

  it('a deprecation date that has passed is in the past tense, read on the run’s own clock', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, models: 'deepseek-chat' });
    expect(run.outputs.status).toBe('ok');
    expect(run.summary).toContain('stopped being offered on 2026-07-24');
    expect(run.summary).not.toContain('stops being offered on 2026-07-24');
  });

  it('the environment’s secrets page is linked when the job declares `environment:`', async () => {
    const run = await runAction({ 'api-key': 'null' }, { env: workspaceWith(DEPLOY) });
    expect(run.outputs.status).toBe('malformed_key');
    expect(run.summary).toContain('[Settings → Environments → production](https://github.com/acme/shop/settings/environments)');
    expect(run.summary).toContain('an environment secret takes precedence over a repository or organization secret of the same name');
  });

  it('a value over 48 KB cannot be a GitHub secret as stored: said so', async () => {
    const run = await runAction({ 'api-key': `sk-${'a'.repeat(100 * 1024)}` });
    expect(run.outputs.status).toBe('malformed_key');
    expect(run.summary).toContain('a GitHub secret cannot exceed 48 KB');
  });

  it('the balance row does not read as if the balance were the threshold', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, 'min-balance': '200 CNY' });
    expect(run.outputs.status).toBe('low_balance');
    expect(run.summary).toMatch(/\| Balance \| ❌ fail \| Balance below min-balance \(200 CNY\); the account has `110\.00 CNY` \|/);
  });

  it('a 404 row says what happened, not "the request was refused"', async () => {
    const { run } = await checkAgainst({ 'api-key': VALID, retries: '0' }, { always: { kind: 'status', status: 404, body: '{"error":{"message":"no route"}}' } });
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect(run.summary).toContain('not checked: `GET /models` answered 404');
    expect(run.summary).not.toContain('the request was refused');
  });

  it('a command quoted in plain text keeps its own quotes readable: no ("printf %s "$KEY" | …")', async () => {
    const run = await runCli([], { env: { DEEPSEEK_API_KEY: `${VALID}\n` } });
    expect(`${run.stdout}${run.stderr}`).toContain('\u201cprintf %s "$KEY" | deepseek-preflight\u201d');
    expect(`${run.stdout}${run.stderr}`).not.toContain('"printf %s "$KEY" | deepseek-preflight"');
  });

  it('a plain-http base-url says once that the key was not sent', async () => {
    const run = await runAction({ 'api-key': VALID, 'base-url': 'http://api.deepseek.com' });
    expect(run.outputs.status).toBe('wrong_endpoint');
    expect((run.outputs.message ?? '').match(/not sent/g)).toHaveLength(1);
  });
});
