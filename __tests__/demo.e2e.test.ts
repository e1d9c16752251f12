// `npm run demo` is README's first command, promised to need no key and no network: it runs the
// bundle against the built-in simulator even when the shell exports a DEEPSEEK_API_KEY (it used to
// send that key to the real API instead).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DIST_DIR, REPO_ROOT } from './helpers/run-action.js';

const EXPORTED = 'sk-0e1d2c3b4a5968778695a4b3c2d1e0f9';

function demo(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/demo.mjs')], {
    // No proxy: a request to the real API would fail fast as unreachable rather than leave the machine.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PREFLIGHT_DIST: DIST_DIR, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run demo', () => {
  it('ignores an exported DEEPSEEK_API_KEY: the simulator, four cases, the key nowhere', async () => {
    const run = await demo({ DEEPSEEK_API_KEY: EXPORTED });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^deepseek-preflight demo — the bundled action against the built-in simulator at http:\/\/127\.0\.0\.1:\d+$/m);
    expect(run.stdout).toContain('DEEPSEEK_API_KEY is set in this shell: the demo does not use it');
    expect(run.stdout.match(/^━━ \d\. /gm)).toHaveLength(4);
    expect(run.stdout).not.toContain('real API');
    expect(run.stdout + run.stderr).not.toContain(EXPORTED.slice(3, 15));
    expect(run.stdout).not.toContain(`…${EXPORTED.slice(-4)}`);
  });
});
