// Runs a bundle of the action the way a runner does: inputs as INPUT_* variables, outputs and
// summary in files, workflow commands on stdout. Shared by the demo and the docs examples.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// PREFLIGHT_DIST: a bundle elsewhere (npm test makes one of build/), as in __tests__/helpers/run-action.ts.
const entry = path.join(process.env.PREFLIGHT_DIST ?? path.join(root, 'dist'), 'index.js');

export async function runStep(inputs, extraEnv = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-demo-'));
  const files = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_ACTOR: 'octocat',
    ...files,
  };
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'NODE_EXTRA_CA_CERTS']) {
    if (process.env[name]) env[name] = process.env[name];
  }
  Object.assign(env, extraEnv);
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  const outputs = {};
  const lines = readFileSync(files.GITHUB_OUTPUT, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (m) outputs[m[1]] = lines[++i];
  }
  const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return { code, log, outputs, summary };
}
