// Benchmarks a bundle of the action (the committed dist/ unless told otherwise) the way the runner
// runs it — inputs as INPUT_* variables, outputs and summary in files, workflow commands on stdout —
// against the loopback simulator, and prints medians over repeated, interleaved runs.
//
//   npm run bench                          # dist/, 30 rounds
//   npm run bench -- --quick               # 5 rounds: a smoke run for CI
//   npm run bench -- --dist /tmp/x --json  # another bundle, machine-readable
//   PREFLIGHT_DIST=/tmp/x npm run bench    # same, as the end-to-end tests take it
//
// Options: --dist DIR, --runs N (rounds), --rss-runs N, --quick, --json, --no-curl,
// --warm-cache (share one Node compile cache between runs instead of a cold one per run).
//
// One round runs every scenario once, in an order rotated each round, so slow drift of a shared
// machine hits all scenarios alike. Figures are medians; start-up overhead is the median of the
// per-round differences (passing check − bare `node -e 0`), both run by the same Node binary.
// Needs the simulator compiled to build/ (`npm run build`).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DELAY_MS = 500;

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = { dist: process.env.PREFLIGHT_DIST ?? path.join(root, 'dist'), runs: undefined, rssRuns: undefined, quick: false, json: false, curl: true, warmCache: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const count = (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`${arg}: expected an integer from 1 to 1000, got ${v}`);
      return n;
    };
    if (arg === '--dist') options.dist = path.resolve(value());
    else if (arg.startsWith('--dist=')) options.dist = path.resolve(arg.slice(7));
    else if (arg === '--runs') options.runs = count(value());
    else if (arg === '--rss-runs') options.rssRuns = count(value());
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--no-curl') options.curl = false;
    else if (arg === '--warm-cache') options.warmCache = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  options.runs ??= options.quick ? 5 : 30;
  options.rssRuns ??= options.quick ? 3 : 10;
  options.warmup = options.quick ? 1 : 3;
  return options;
}

// ---------------------------------------------------------------------------------------------
// Statistics

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
const median = (values) => quantile(values, 0.5);
const stats = (values) => ({ n: values.length, median: median(values), p25: quantile(values, 0.25), p75: quantile(values, 0.75), min: Math.min(...values), max: Math.max(...values) });
const round = (x, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

// ---------------------------------------------------------------------------------------------
// Running one step

function parseOutputs(content) {
  const outputs = {};
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const value = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i]);
    outputs[match[1]] = value.join('\n');
  }
  return outputs;
}

/** Spawns a command with a runner-like environment; resolves when it has exited and its pipes closed. */
function timed(command, args, { env, cwd, rssFile }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // /proc sampling, used only when /usr/bin/time is not there: VmHWM is the peak RSS so far.
    let sampledKb = 0;
    const sampler = rssFile === 'proc' ? setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) sampledKb = Math.max(sampledKb, Number(m[1]));
      } catch { /* gone */ }
    }, 1) : undefined;
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      clearTimeout(killer);
      if (sampler) clearInterval(sampler);
      resolve({ code, wallMs, stdout, stderr, sampledKb });
    });
  });
}

function makeStepRunner(options) {
  const base = mkdtempSync(path.join(tmpdir(), 'preflight-bench-'));
  const warmCache = path.join(base, 'warm-tmp');
  mkdirSync(warmCache);
  let seq = 0;
  const entry = path.join(options.dist, 'index.js');

  /** One step: a fresh workspace, runner files and (unless --warm-cache) a fresh temp dir. */
  async function step(kind, inputs, { rss = false } = {}) {
    const dir = path.join(base, `run-${seq++}`);
    mkdirSync(dir);
    const files = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary') };
    for (const file of Object.values(files)) writeFileSync(file, '');
    const temp = options.warmCache ? warmCache : path.join(dir, 'tmp');
    if (!options.warmCache) mkdirSync(temp);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      // A fresh runner starts with an empty temp dir (and so a cold Node compile cache).
      TMPDIR: temp,
      RUNNER_TEMP: temp,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: dir,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_ACTOR: 'octocat',
      ...files,
    };
    for (const [name, value] of Object.entries(inputs ?? {})) env[`INPUT_${name.toUpperCase()}`] = value;

    let command = process.execPath;
    let args = kind === 'bare' ? ['-e', '0'] : [entry];
    let rssFile;
    if (rss) {
      if (options.timeBinary) {
        rssFile = path.join(dir, 'rss');
        args = ['-f', '%M', '-o', rssFile, command, ...args];
        command = options.timeBinary;
      } else rssFile = 'proc';
    }
    const result = await timed(command, args, { env, cwd: dir, rssFile });
    const outputs = kind === 'bare' ? {} : parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
    let rssKb;
    if (rssFile === 'proc') rssKb = result.sampledKb || undefined;
    else if (rssFile) rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) || undefined;
    rmSync(dir, { recursive: true, force: true });
    return { ...result, outputs, rssKb };
  }
  return { step, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

function findTimeBinary() {
  try {
    execFileSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'ignore' });
    return '/usr/bin/time';
  } catch {
    return undefined;
  }
}

/** curl with --parallel when this curl has it (7.66+), else the two requests one after the other. */
function findCurl() {
  try {
    const version = execFileSync('curl', ['--version'], { encoding: 'utf8' });
    const [, major, minor] = /^curl (\d+)\.(\d+)/.exec(version) ?? [];
    return { parallel: Number(major) > 7 || (Number(major) === 7 && Number(minor) >= 66), version: version.split('\n')[0].split(' ').slice(0, 2).join(' ') };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// dist/ size

function distSize(dir) {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else files.push({ file: path.relative(dir, full), bytes: st.size, gzip: gzipSync(readFileSync(full)).length });
    }
  };
  walk(dir);
  files.sort((a, b) => b.bytes - a.bytes);
  return { totalBytes: files.reduce((s, f) => s + f.bytes, 0), totalGzip: files.reduce((s, f) => s + f.gzip, 0), files };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const entry = path.join(options.dist, 'index.js');
  if (!existsSync(entry)) throw new Error(`no bundle at ${entry} (npm run bundle, or --dist DIR)`);
  const simulatorPath = path.join(root, 'build/src/simulator/server.js');
  if (!existsSync(simulatorPath)) throw new Error(`the simulator is not compiled: ${simulatorPath} is missing (npm run build)`);
  const { startSimulator, DEMO_KEYS } = await import(pathToFileURL(simulatorPath).href);
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor < 24 && !options.json) process.stderr.write(`warning: running on Node ${process.versions.node}; the action runs on Node 24 (use npm run bench or node_modules/.bin/node)\n`);

  options.timeBinary = findTimeBinary();
  const curl = options.curl ? findCurl() : undefined;
  const fast = await startSimulator();
  const slow = await startSimulator({ delayMs: DELAY_MS });
  const runner = makeStepRunner(options);
  const inputs = (sim, key) => ({ 'api-key': key, 'base-url': sim.url, models: 'deepseek-chat', 'min-balance': '1' });

  const expect = (name, run, code, status) => {
    if (run.code !== code || (status !== undefined && run.outputs.status !== status)) {
      throw new Error(`${name}: expected exit ${code}${status ? ` and status ${status}` : ''}, got exit ${run.code} and status ${run.outputs.status}\n${run.stdout}\n${run.stderr}`.trim());
    }
    return run.wallMs;
  };

  const scenarios = {
    bare: async () => expect('node -e 0', await runner.step('bare'), 0),
    valid: async () => expect('valid key', await runner.step('action', inputs(fast, DEMO_KEYS.valid)), 0, 'ok'),
    revoked: async () => expect('revoked key', await runner.step('action', inputs(fast, DEMO_KEYS.revoked)), 1, 'invalid_key'),
    delayed: async () => expect(`valid key, +${DELAY_MS} ms`, await runner.step('action', inputs(slow, DEMO_KEYS.valid)), 0, 'ok'),
  };
  if (curl) {
    scenarios.curl = async () => {
      const urls = [`${fast.url}/models`, `${fast.url}/user/balance`];
      const args = ['-sS', '--fail', '-H', `authorization: Bearer ${DEMO_KEYS.valid}`, '-H', 'accept: application/json', ...(curl.parallel ? ['--parallel'] : []), ...urls.flatMap((u) => ['-o', '/dev/null', u])];
      const run = await timed('curl', args, { env: { PATH: process.env.PATH ?? '' }, cwd: root });
      return expect('curl', { ...run, outputs: {} }, 0);
    };
  }

  const names = Object.keys(scenarios);
  const walls = Object.fromEntries(names.map((n) => [n, []]));
  const overheads = [];
  const log = (s) => { if (!options.json && process.stderr.isTTY) process.stderr.write(s); };
  try {
    for (let r = -options.warmup; r < options.runs; r++) {
      const order = names.map((_, i) => names[(i + r + options.warmup) % names.length]);
      const got = {};
      for (const name of order) got[name] = await scenarios[name]();
      if (r < 0) continue; // warm-up: file cache, simulator, JIT of this process
      for (const name of names) walls[name].push(got[name]);
      overheads.push(got.valid - got.bare);
      log(`\rround ${r + 1}/${options.runs}`);
    }
    log('\r');
    const rss = { action: [], bare: [] };
    for (let r = 0; r < options.rssRuns; r++) {
      const run = await runner.step('action', inputs(fast, DEMO_KEYS.valid), { rss: true });
      expect('valid key (RSS)', run, 0, 'ok');
      if (run.rssKb) rss.action.push(run.rssKb / 1024);
      const bare = await runner.step('bare', undefined, { rss: true });
      if (bare.rssKb) rss.bare.push(bare.rssKb / 1024);
    }

    const s = Object.fromEntries(names.map((n) => [n, stats(walls[n])]));
    const result = {
      dist: options.dist,
      node: process.version,
      rounds: options.runs,
      warmCompileCache: options.warmCache,
      wallMs: Object.fromEntries(names.map((n) => [n, Object.fromEntries(Object.entries(s[n]).map(([k, v]) => [k, k === 'n' ? v : round(v)]))])),
      startupOverheadMs: { median: round(median(overheads)), p25: round(quantile(overheads, 0.25)), p75: round(quantile(overheads, 0.75)), differenceOfMedians: round(s.valid.median - s.bare.median), target: 40 },
      parallelism: { value: round((s.delayed.median - s.valid.median) / DELAY_MS, 2), delayMs: DELAY_MS, target: 1.2 },
      failurePath: { ratio: round(s.revoked.median / s.valid.median, 2), target: 1.1 },
      peakRssMb: { median: round(median(rss.action)), max: round(Math.max(...rss.action)), bareNode: round(median(rss.bare)), n: rss.action.length, via: options.timeBinary ?? '/proc VmHWM sampling', target: 80 },
      distSize: distSize(options.dist),
      curl: curl ? { version: curl.version, parallel: curl.parallel, medianMs: round(s.curl.median) } : null,
    };
    if (options.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else printTable(result);
  } finally {
    runner.cleanup();
    await fast.close();
    await slow.close();
  }
}

function printTable(r) {
  const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
  const mark = (ok) => (ok ? 'ok  ' : 'MISS');
  const w = r.wallMs;
  const lines = [
    `deepseek-preflight benchmark — ${r.dist}`,
    `Node ${r.node}, ${r.rounds} interleaved rounds (medians, p25–p75 in brackets), ${r.warmCompileCache ? 'warm' : 'cold'} compile cache`,
    '',
    'wall time of one step                       median   [p25 – p75]',
    `  node -e 0                                ${w.bare.median.toFixed(1).padStart(7)} ms [${w.bare.p25}–${w.bare.p75}]`,
    `  valid key (passing check)                ${w.valid.median.toFixed(1).padStart(7)} ms [${w.valid.p25}–${w.valid.p75}]`,
    `  revoked key (401)                        ${w.revoked.median.toFixed(1).padStart(7)} ms [${w.revoked.p25}–${w.revoked.p75}]`,
    `  valid key, every response +${DELAY_MS} ms       ${w.delayed.median.toFixed(1).padStart(7)} ms [${w.delayed.p25}–${w.delayed.p75}]`,
    ...(r.curl ? [`  curl, two requests${r.curl.parallel ? ' (--parallel)' : ''}              ${w.curl.median.toFixed(1).padStart(7)} ms [${w.curl.p25}–${w.curl.p75}]`] : []),
    '',
    'figure                                     value    target',
    `  start-up overhead (valid − node -e 0)   ${String(r.startupOverheadMs.median).padStart(6)} ms  ≤ 40 ms  ${mark(r.startupOverheadMs.median <= 40)} [${r.startupOverheadMs.p25}–${r.startupOverheadMs.p75}]`,
    `  parallelism ((delayed − valid) / ${DELAY_MS})  ${String(r.parallelism.value).padStart(6)}     ≤ 1.2    ${mark(r.parallelism.value <= 1.2)}`,
    `  failure path (revoked / valid)          ${String(r.failurePath.ratio).padStart(6)}     ≤ 1.1    ${mark(r.failurePath.ratio <= 1.1)}`,
    `  peak RSS of the step (n=${r.peakRssMb.n}, max ${r.peakRssMb.max})   ${String(r.peakRssMb.median).padStart(6)} MB  ≤ 80 MB  ${mark(r.peakRssMb.max <= 80)} (node -e 0: ${r.peakRssMb.bareNode} MB)`,
    `  dist/ size                          ${kb(r.distSize.totalBytes).padStart(12)}           (gzip ${kb(r.distSize.totalGzip)})`,
    ...r.distSize.files.map((f) => `    ${f.file.padEnd(34)} ${kb(f.bytes).padStart(12)}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
});
