// Portkey's open-source AI gateway (@portkey-ai/gateway, a pinned devDependency), run unmodified
// on loopback: one process per test file, in front of the project's simulator through its
// `x-portkey-custom-host` header. What it answered is recorded in docs/gateways.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './run-action.js';
import { closedPort } from './simulated.js';

export const PORTKEY_ENTRY = path.join(REPO_ROOT, 'node_modules/@portkey-ai/gateway/build/start-server.js');

export type Portkey = { ok: true; url: string; stop: () => Promise<void> } | { ok: false; reason: string };

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return (await response.text()).includes('AI Gateway');
  } catch {
    return false;
  }
}

/** Starts the gateway on a free loopback port and waits until it answers, or says why it could not. */
export async function startPortkey(waitMs = 30_000): Promise<Portkey> {
  if (!existsSync(PORTKEY_ENTRY)) return { ok: false, reason: '@portkey-ai/gateway is not installed (npm ci)' };
  const port = await closedPort();
  const child: ChildProcess = spawn(process.execPath, [PORTKEY_ENTRY, `--port=${port}`, '--headless'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', HOME: process.env.HOME ?? '' },
    stdio: 'ignore',
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + waitMs;
  while (Date.now() < until && !exited) {
    if (await answers(`${url}/`)) return { ok: true, url, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  return { ok: false, reason: exited ? 'the gateway process exited at start-up' : `the gateway did not answer within ${waitMs / 1000} s` };
}
