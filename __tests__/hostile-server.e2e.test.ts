// What real runners meet, run through the bundled action the way the runner runs it: answers of
// an unexpected shape, names that are also Object.prototype's, amounts in exponent form, pages
// and secrets built to make a regular expression backtrack, and whatever can sit at the workflow
// path. Every run ends with a status and the usual outputs, never "could not complete", and fast.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_KEYS } from '../src/simulator/server.js';
import { checkAgainst } from './helpers/simulated.js';
import type { ActionRun } from './helpers/run-action.js';
import { MINIMAL_WORKFLOW, WORKFLOW_REF } from './helpers/workflow-fixture.js';

const KEY = DEMO_KEYS.valid;
const balanceBody = (infos: string): string => `{"is_available":true,"balance_infos":${infos}}`;

function expectCompleted(run: ActionRun, status: string): void {
  expect(run.everything).not.toContain('could not complete');
  expect(run.stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
  expect(run.outputs.status).toBe(status);
  for (const [name, value] of Object.entries(run.outputs)) expect([name, value]).toEqual([name, expect.not.stringMatching(/[\r\n]/)]);
}

describe('answers of an unexpected shape', () => {
  it('"balance_infos": [null] is a balance in an unexpected shape, not a crash', async () => {
    const { run } = await checkAgainst({ 'api-key': KEY }, { script: { balance: [{ kind: 'status', status: 200, body: balanceBody('[null]') }] } });
    expectCompleted(run, 'ok');
    expect(run.exitCode).toBe(0);
    expect(run.summary).toContain('Balance answered in an unexpected shape');
  });

  it('"data": [null] from /models is an endpoint that does not answer like the API', async () => {
    const { run } = await checkAgainst({ 'api-key': KEY }, { script: { models: [{ kind: 'status', status: 200, body: '{"object":"list","data":[null]}' }] } });
    expectCompleted(run, 'wrong_endpoint');
    expect(run.summary).toContain('answered JSON that is not the shape of the DeepSeek API');
  });
});

describe('names that Object.prototype also has', () => {
  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty'])('models: %s, offered by the server, is available', async (id) => {
    const { run } = await checkAgainst({ 'api-key': KEY, models: id }, { accounts: { [KEY]: { models: [id, 'deepseek-v4-pro'] } } });
    expectCompleted(run, 'ok');
    expect(run.outputs.models).toBe(`${id},deepseek-v4-pro`);
  });

  it('models: constructor, not offered, is model_unavailable', async () => {
    const { run } = await checkAgainst({ 'api-key': KEY, models: 'constructor' }, { accounts: { [KEY]: { models: ['deepseek-v4-pro'] } } });
    expectCompleted(run, 'model_unavailable');
    expect(run.outputs.message).toContain('Model constructor is not available');
    expect(run.summary).not.toContain('deprecated');
  });

  it('a currency named __proto__ is a currency', async () => {
    const { run } = await checkAgainst({ 'api-key': KEY, 'min-balance': '5 USD' }, { accounts: { [KEY]: { balances: [{ currency: '__proto__', total: '9.00' }] } } });
    expectCompleted(run, 'low_balance');
    expect(run.outputs.balance).toBe('9.00 __proto__');
  });
});

describe('amounts in exponent form', () => {
  it.each([
    ['1e-7', '5', 'low_balance', '0.0000001 CNY'],
    ['"1E+3"', '5', 'ok', '1000 CNY'],
    ['1E+3', '2000', 'low_balance', '1000 CNY'],
  ])('total_balance %s against min-balance %s is %s', async (amount, min, status, shown) => {
    const { run } = await checkAgainst(
      { 'api-key': KEY, 'min-balance': min },
      { script: { balance: [{ kind: 'status', status: 200, body: balanceBody(`[{"currency":"CNY","total_balance":${amount}}]`) }] } },
    );
    expectCompleted(run, status);
    expect(run.outputs.balance).toBe(shown);
  });
});

describe('text built to make a regular expression backtrack', () => {
  // Each hostile run is compared with a benign run of the same kind, in the same test.
  const fastEnough = (benign: ActionRun): number => 3 * benign.durationMs + 1500;

  it('a 240 KB page of unclosed <title tags', async () => {
    const page = (unit: string) => ({ script: { models: [{ kind: 'status' as const, status: 200, body: unit.repeat(240_000 / unit.length), headers: { 'content-type': 'text/html' } }] } });
    const { run: benign } = await checkAgainst({ 'api-key': KEY }, page('<p>x</p>'));
    const { run } = await checkAgainst({ 'api-key': KEY }, page('<title'));
    expectCompleted(run, 'wrong_endpoint');
    expect(run.summary).toContain('answered with an HTML page');
    expect(run.durationMs).toBeLessThan(fastEnough(benign));
  });

  it('a 100 000-character secret with a long run of spaces inside', async () => {
    const { run: benign } = await checkAgainst({ 'api-key': `a${'x'.repeat(100_000)}b` });
    const { run } = await checkAgainst({ 'api-key': `a${' '.repeat(100_000)}b` });
    expectCompleted(run, 'malformed_key');
    expect(run.durationMs).toBeLessThan(fastEnough(benign));
  });
});

describe('what sits at the workflow path', () => {
  const REF = WORKFLOW_REF;
  const WORKFLOW = MINIMAL_WORKFLOW;
  let workspace: string;
  let file: string;
  beforeEach(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'workspace-'));
    mkdirSync(path.join(workspace, '.github/workflows'), { recursive: true });
    file = path.join(workspace, '.github/workflows/deploy.yml');
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  const revoked = async (): Promise<ActionRun> => (await checkAgainst({ 'api-key': DEMO_KEYS.revoked }, {}, { env: { GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: REF }, timeoutMs: 30_000 })).run;

  /** The same run with a normal workflow file: annotations placed on line 8. */
  async function baseline(): Promise<ActionRun> {
    writeFileSync(file, WORKFLOW);
    const run = await revoked();
    expect(run.annotations[0]?.properties).toMatchObject({ file: '.github/workflows/deploy.yml', line: '8' });
    rmSync(file);
    return run;
  }

  it.each([
    ['a FIFO', (at: string) => execFileSync('mkfifo', [at])],
    ['a symlink to /dev/zero', (at: string) => symlinkSync('/dev/zero', at)],
    ['a 5 MB file', (at: string) => writeFileSync(at, WORKFLOW + `# ${'x'.repeat(78)}\n`.repeat(65_536))],
    ['a file of 100 000 spaces', (at: string) => writeFileSync(at, ' '.repeat(100_000))],
  ])('%s: annotations still emitted, without file and line, fast', async (_label, make) => {
    const normal = await baseline();
    make(file);
    const run = await revoked();
    expect(run.exitCode).toBe(1);
    expectCompleted(run, 'invalid_key');
    expect(run.annotations.length).toBeGreaterThan(0);
    expect(run.annotations[0]?.properties.title).toBe('The endpoint rejected the API key');
    for (const a of run.annotations) {
      expect(a.properties).not.toHaveProperty('file');
      expect(a.properties).not.toHaveProperty('line');
    }
    expect(run.durationMs).toBeLessThan(3 * normal.durationMs + 1500);
  });
});
