// The self-test's assertions, in one place: .github/workflows/self-test.yml runs them on GitHub
// after running the action and the CLI against the simulator, and __tests__/self-test.test.ts runs
// them inside `npm test`, so a change of behaviour cannot break the workflow unseen.
//
//   node scripts/self-test.mjs outputs   checks the action's outputs, passed as environment
//                                        variables (VALID_STATUS, REVOKED_OUTCOME, …: see EXPECTED)
//   node scripts/self-test.mjs cli       runs the CLI ($CLI, default dist/cli/index.js) against
//                                        $BASE_URL with $VALID_KEY and $REVOKED_KEY
//   node scripts/self-test.mjs env       prints the variable names `outputs` reads, one a line
//
// What is asserted is the interface a workflow relies on (statuses, outputs, outcomes, exit codes),
// never the wording of a message, which may change in any release: see CHANGELOG.md.
// A mismatch is printed as an error annotation; the exit code is 1 when anything failed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Variable name -> what its value must satisfy: a string to equal, or [description, predicate]. */
const EXPECTED = {
  VALID_STATUS: 'ok',
  VALID_OK: 'true',
  VALID_HTTP: '200',
  VALID_FINGERPRINT: 'sk-…a11d',
  VALID_BALANCE: '110.00 CNY',
  VALID_MODELS: ['a list that contains deepseek-v4-pro', (v) => v.split(',').includes('deepseek-v4-pro')],
  REVOKED_OUTCOME: 'failure',
  REVOKED_STATUS: 'invalid_key',
  REVOKED_HTTP: '401',
  REVOKED_MESSAGE: ['one non-empty line', (v) => v.trim() !== '' && !/[\r\n]/.test(v)],
  EMPTY_OUTCOME: 'failure',
  EMPTY_STATUS: 'insufficient_balance',
  MISSING_OUTCOME: 'success',
  MISSING_STATUS: 'skipped',
};

let failed = 0;
const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
function pass(what) {
  console.log(`ok   ${what}`);
}
function fail(what) {
  failed = 1;
  console.log(`::error title=Self-test::${escapeData(what)}`);
}

function checkOutputs(env) {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    const actual = env[name];
    const label = name.toLowerCase().replace('_', ': ');
    if (actual === undefined) fail(`${label}: ${name} is not set`);
    else if (typeof expected === 'string') (actual === expected ? pass : fail)(actual === expected ? `${label} = ${actual}` : `${label} is '${actual}', expected '${expected}'`);
    else (expected[1](actual) ? pass : fail)(expected[1](actual) ? `${label}: ${expected[0]}` : `${label} is '${actual}', expected ${expected[0]}`);
  }
}

function runCli(cli, args, { env = {}, input } = {}) {
  // A bare environment: no DEEPSEEK_API_KEY or NO_COLOR from the caller leaks in.
  const base = { PATH: process.env.PATH ?? '', SystemRoot: process.env.SystemRoot ?? '', HOME: process.env.HOME ?? '' };
  const r = spawnSync(process.execPath, [cli, ...args], { env: { ...base, ...env }, input: input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function jsonStatus(stdout) {
  try {
    return JSON.parse(stdout).outputs?.status;
  } catch {
    return `(not JSON: ${stdout.slice(0, 80)})`;
  }
}

function checkCli(env) {
  const cli = path.resolve(root, env.CLI || 'dist/cli/index.js');
  const { BASE_URL: baseUrl, VALID_KEY: valid, REVOKED_KEY: revoked } = env;
  if (!baseUrl || !valid || !revoked) {
    fail('cli: BASE_URL, VALID_KEY and REVOKED_KEY must be set');
    return;
  }
  const expect = (label, ok, detail) => (ok ? pass(label) : fail(`${label}: ${detail}`));
  let r = runCli(cli, ['--base-url', baseUrl, '--models', 'deepseek-v4-pro'], { env: { DEEPSEEK_API_KEY: valid } });
  expect('cli: a valid key from DEEPSEEK_API_KEY exits 0', r.code === 0, `exit code ${r.code}`);
  r = runCli(cli, ['--base-url', baseUrl, '--json'], { input: `${valid}\n` });
  expect('cli: a valid key on stdin gives status ok', r.code === 0 && jsonStatus(r.stdout) === 'ok', `exit code ${r.code}, status ${jsonStatus(r.stdout)}`);
  r = runCli(cli, ['--base-url', baseUrl, '--json'], { env: { DEEPSEEK_API_KEY: revoked } });
  expect('cli: a revoked key exits 1 with status invalid_key', r.code === 1 && jsonStatus(r.stdout) === 'invalid_key', `exit code ${r.code}, status ${jsonStatus(r.stdout)}`);
  r = runCli(cli, ['--api-key', valid]);
  expect('cli: a key given as a flag is refused with exit code 2', r.code === 2, `exit code ${r.code}`);
}

const mode = process.argv[2];
if (mode === 'outputs') checkOutputs(process.env);
else if (mode === 'cli') checkCli(process.env);
else if (mode === 'env') console.log(Object.keys(EXPECTED).join('\n'));
else {
  console.error('usage: node scripts/self-test.mjs outputs|cli|env');
  process.exit(2);
}
process.exitCode = failed;
