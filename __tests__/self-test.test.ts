// The self-test workflow's assertions (scripts/self-test.mjs) run here on the bundle under test,
// the way .github/workflows/self-test.yml runs them on GitHub: the same four action runs against the
// simulator, the same CLI checks. And the bundle under test is the current build, not a stale dist/.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEMO_KEYS } from '../src/simulator/server.js';
import { DIST_DIR, REPO_ROOT, runAction, type ActionRun, type Inputs } from './helpers/run-action.js';
import { CLI_ENTRY } from './helpers/run-cli.js';
import { withSimulator } from './helpers/simulated.js';

const SCRIPT = path.join(REPO_ROOT, 'scripts/self-test.mjs');
const WORKFLOW = readFileSync(path.join(REPO_ROOT, '.github/workflows/self-test.yml'), 'utf8');

function selfTest(mode: string, env: Record<string, string>): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [SCRIPT, mode], {
    env: { PATH: process.env.PATH ?? '', SystemRoot: process.env.SystemRoot ?? '', ...env },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { code: r.status, stdout: r.stdout };
}

/** The same, without blocking this process, which serves the simulator the script talks to. */
function selfTestAsync(mode: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [SCRIPT, mode], {
    env: { PATH: process.env.PATH ?? '', SystemRoot: process.env.SystemRoot ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}

const outcome = (run: ActionRun): string => (run.exitCode === 0 ? 'success' : 'failure');

/** The env: block of the workflow step whose run: line is `node scripts/self-test.mjs MODE`, as names. */
function stepEnvNames(mode: string): string[] {
  const lines = WORKFLOW.split(/\r?\n/);
  const runAt = lines.findIndex((l) => l.trim() === `run: node scripts/self-test.mjs ${mode}`);
  if (runAt < 0) return [];
  let start = runAt;
  while (start > 0 && !/^\s*-\s/.test(lines[start] ?? '')) start--;
  const names: string[] = [];
  for (let i = start; i < runAt; i++) {
    const m = /^\s{8,}([A-Z_]+):\s/.exec(lines[i] ?? '');
    if (m?.[1] !== undefined) names.push(m[1]);
  }
  return names;
}

describe('the self-test workflow', () => {
  it('runs the script for the outputs with every variable the script reads, and the script for the CLI', () => {
    const needed = selfTest('env', {}).stdout.trim().split('\n');
    expect(needed.length).toBeGreaterThan(10);
    expect(stepEnvNames('outputs').sort()).toEqual([...needed].sort());
    expect(stepEnvNames('cli').sort()).toEqual(['BASE_URL', 'REVOKED_KEY', 'VALID_KEY']);
  });
});

describe('the self-test assertions, on the bundle under test', () => {
  let env: Record<string, string> = {};
  let baseUrl = '';

  // The workflow's four steps, in its order, against one simulator.
  beforeAll(async () => {
    await withSimulator({}, async (sim) => {
      baseUrl = sim.url;
      const step = (inputs: Inputs): Promise<ActionRun> => runAction({ 'base-url': sim.url, ...inputs });
      const valid = await step({ 'api-key': DEMO_KEYS.valid, models: 'deepseek-v4-pro', 'min-balance': '10 CNY' });
      const revoked = await step({ 'api-key': DEMO_KEYS.revoked });
      const empty = await step({ 'api-key': DEMO_KEYS.empty });
      const missing = await step({ 'api-key': '', 'on-missing-key': 'skip' });
      env = {
        VALID_STATUS: valid.outputs.status ?? '',
        VALID_OK: valid.outputs.ok ?? '',
        VALID_HTTP: valid.outputs['http-status'] ?? '',
        VALID_FINGERPRINT: valid.outputs['key-fingerprint'] ?? '',
        VALID_BALANCE: valid.outputs.balance ?? '',
        VALID_MODELS: valid.outputs.models ?? '',
        REVOKED_OUTCOME: outcome(revoked),
        REVOKED_STATUS: revoked.outputs.status ?? '',
        REVOKED_HTTP: revoked.outputs['http-status'] ?? '',
        REVOKED_MESSAGE: revoked.outputs.message ?? '',
        EMPTY_OUTCOME: outcome(empty),
        EMPTY_STATUS: empty.outputs.status ?? '',
        MISSING_OUTCOME: outcome(missing),
        MISSING_STATUS: missing.outputs.status ?? '',
      };
    });
  });

  it('the outputs pass', () => {
    const r = selfTest('outputs', env);
    expect(r.stdout).not.toContain('::error');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok '))).toHaveLength(14);
  });

  it('a wrong output fails, as an error annotation that names it', () => {
    const r = selfTest('outputs', { ...env, REVOKED_STATUS: 'forbidden', VALID_MODELS: 'deepseek-chat' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("::error title=Self-test::revoked: status is 'forbidden', expected 'invalid_key'");
    expect(r.stdout).toContain("::error title=Self-test::valid: models is 'deepseek-chat', expected a list that contains deepseek-v4-pro");
    const { REVOKED_MESSAGE: _dropped, ...withoutMessage } = env;
    expect(selfTest('outputs', withoutMessage).stdout).toContain('::error title=Self-test::revoked: message: REVOKED_MESSAGE is not set');
  });

  it('the CLI checks pass', async () => {
    await withSimulator({}, async (sim) => {
      const r = await selfTestAsync('cli', { CLI: CLI_ENTRY, BASE_URL: sim.url, VALID_KEY: DEMO_KEYS.valid, REVOKED_KEY: DEMO_KEYS.revoked });
      expect(r.stdout).not.toContain('::error');
      expect(r.stdout.split('\n').filter((l) => l.startsWith('ok '))).toHaveLength(4);
      expect(r.code).toBe(0);
    });
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('the bundle under test', () => {
  it('was made from the current build (scripts/jest-global-setup.mjs), unless PREFLIGHT_DIST named one', async () => {
    if (process.env.PREFLIGHT_DIST_GIVEN) {
      console.log(`skipped: PREFLIGHT_DIST=${DIST_DIR} was given, so that bundle is tested as it is`);
      return;
    }
    const setup = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts/jest-global-setup.mjs')).href)) as { buildDigest: () => string; BUILD_STAMP: string };
    expect(DIST_DIR).not.toBe(path.join(REPO_ROOT, 'dist'));
    expect(readFileSync(path.join(DIST_DIR, setup.BUILD_STAMP), 'utf8').trim()).toBe(setup.buildDigest());
  });
});
