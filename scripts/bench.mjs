// Benchmarks a bundle of the action (the committed dist/ unless told otherwise) the way the runner
// runs it — inputs as INPUT_* variables, outputs and summary in files, workflow commands on stdout —
// against the loopback simulator, and prints medians over repeated, interleaved runs.
//
//   npm run bench                           # dist/, 30 rounds
//   npm run bench -- --quick                # 5 rounds: a smoke run for CI
//   npm run bench -- --dist /tmp/x --json   # another bundle, machine-readable
//   PREFLIGHT_DIST=/tmp/x npm run bench     # the same, as the end-to-end tests take it
//
// Options: --dist DIR, --runs N (rounds), --rss-runs N, --quick, --json, --no-curl, --https (the
// simulator on TLS with the test certificate, as a real check would be), --warm-cache (one shared
// temp dir, so a Node compile cache, if the bundle enabled one, would be warm; default: cold, as
// on a fresh GitHub-hosted runner), --baseline DIR (also run the passing check of another bundle,
// e.g. one built from main, in the same rounds: a before/after that the machine's drift cannot bias;
// --baseline REV takes the dist/ committed at a git revision instead, e.g. `--baseline v1` or
// `--baseline 83ac734`, v1's bundle, extracted into a temporary directory).
//
// One round runs every scenario once, in an order rotated each round, so the drift of a shared
// machine hits all scenarios alike. Walls are medians; the figures are paired: start-up overhead is
// the median of the per-round differences (passing check − bare `node -e 0`, both run by this same
// Node binary), parallelism and the failure ratio the medians of their per-round values.
// The "floor" row is the issue's reference floor: the same two GETs with plain node:http, imported
// by a 10-line ES module, outputs written like the action's (importing node:http from an ES module
// also loads Node's own undici; docs/performance.md explains). Method and results:
// docs/performance.md. Needs the simulator compiled to build/ (`npm run compile`).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DELAY_MS = 500;
const TARGETS = { startupMs: 40, parallelism: 1.2, failureRatio: 1.1, rssMb: 80 };
const CERT = path.join(root, '__tests__/fixtures/selfsigned-cert.pem');
const KEY = path.join(root, '__tests__/fixtures/selfsigned-key.pem');

// The floor: two concurrent GETs with node:http (node:https with --https), outputs written like the action's.
const FLOOR_SCRIPT = `import { appendFileSync } from 'node:fs';
const base = process.env['INPUT_BASE-URL'];
const { default: client } = await import(base.startsWith('https:') ? 'node:https' : 'node:http');
const get = (p) => new Promise((resolve, reject) => client
  .get(base + p, { headers: { authorization: 'Bearer ' + process.env['INPUT_API-KEY'], accept: 'application/json' } }, (res) => {
    let body = '';
    res.on('data', (d) => (body += d)).on('end', () => resolve([res.statusCode, body]));
  }).on('error', reject));
const answers = await Promise.all([get('/models'), get('/user/balance')]);
JSON.parse(answers[0][1]); JSON.parse(answers[1][1]);
const ok = answers.every(([status]) => status === 200);
appendFileSync(process.env.GITHUB_OUTPUT, 'status<<EOF\\n' + (ok ? 'ok' : 'invalid_key') + '\\nEOF\\n');
process.exitCode = ok ? 0 : 1;
`;

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = {
    dist: process.env.PREFLIGHT_DIST ?? path.join(root, 'dist'),
    baseline: undefined,
    runs: undefined,
    rssRuns: undefined,
    quick: false,
    json: false,
    curl: true,
    https: false,
    warmCache: false,
  };
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
    else if (arg.startsWith('--dist=')) options.dist = path.resolve(arg.slice('--dist='.length));
    else if (arg === '--baseline') options.baseline = baselineDir(value());
    else if (arg.startsWith('--baseline=')) options.baseline = baselineDir(arg.slice('--baseline='.length));
    else if (arg === '--runs') options.runs = count(value());
    else if (arg.startsWith('--runs=')) options.runs = count(arg.slice('--runs='.length));
    else if (arg === '--rss-runs') options.rssRuns = count(value());
    else if (arg.startsWith('--rss-runs=')) options.rssRuns = count(arg.slice('--rss-runs='.length));
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--no-curl') options.curl = false;
    else if (arg === '--https') options.https = true;
    else if (arg === '--warm-cache') options.warmCache = true;
    else if (arg === '--help' || arg === '-h') {
      const header = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
      process.stdout.write(
        `${header
          .slice(
            0,
            header.findIndex((l) => !l.startsWith('//')),
          )
          .map((l) => l.slice(3))
          .join('\n')}\n`,
      );
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg} (try --help)`);
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
const round = (x, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const summarise = (values) => ({
  n: values.length,
  median: round(median(values)),
  p25: round(quantile(values, 0.25)),
  p75: round(quantile(values, 0.75)),
  min: round(Math.min(...values)),
  max: round(Math.max(...values)),
});

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

/** Spawns a command; resolves once it has exited and its pipes are closed (as the runner waits). */
function timed(command, args, { env, cwd, sampleRss = false }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // Used only without /usr/bin/time: VmHWM is the peak RSS so far (misses a last-millisecond peak).
    let sampledKb = 0;
    const sampler = sampleRss
      ? setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) sampledKb = Math.max(sampledKb, Number(m[1]));
          } catch {
            /* exited */
          }
        }, 1)
      : undefined;
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
  const sharedTemp = path.join(base, 'shared-tmp');
  mkdirSync(sharedTemp);
  const floorScript = path.join(base, 'floor.mjs');
  writeFileSync(floorScript, FLOOR_SCRIPT);
  const entry = path.join(options.dist, 'index.js');
  let seq = 0;

  /** One step in a fresh workspace with fresh runner files (and, unless --warm-cache, a fresh temp dir). */
  async function step(kind, inputs, { rss = false } = {}) {
    const dir = path.join(base, `run-${seq++}`);
    mkdirSync(dir);
    const files = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary') };
    for (const file of Object.values(files)) writeFileSync(file, '');
    const temp = options.warmCache ? sharedTemp : path.join(dir, 'tmp');
    if (!options.warmCache) mkdirSync(temp);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      TMPDIR: temp,
      RUNNER_TEMP: temp,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: dir,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_ACTOR: 'octocat',
      ...(options.https ? { NODE_EXTRA_CA_CERTS: CERT } : {}),
      ...files,
    };
    for (const [name, value] of Object.entries(inputs ?? {})) env[`INPUT_${name.toUpperCase()}`] = value;

    let command = process.execPath;
    const script = { floor: floorScript, baseline: options.baseline && path.join(options.baseline, 'index.js') }[kind] ?? entry;
    let args = kind === 'bare' ? ['-e', '0'] : [script];
    let rssFile;
    if (rss && options.timeBinary) {
      rssFile = path.join(dir, 'rss');
      args = ['-f', '%M', '-o', rssFile, command, ...args];
      command = options.timeBinary;
    }
    const result = await timed(command, args, { env, cwd: dir, sampleRss: rss && !options.timeBinary });
    const outputs = kind === 'bare' ? {} : parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
    let rssKb = result.sampledKb || undefined;
    if (rssFile) rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) || undefined;
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

/** curl, with --parallel when it has it (7.66+), else the two requests one after the other. */
function findCurl() {
  try {
    const version = execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0];
    const [, major, minor] = /^curl (\d+)\.(\d+)/.exec(version) ?? [];
    return { parallel: Number(major) > 7 || (Number(major) === 7 && Number(minor) >= 66), version: version.split(' ').slice(0, 2).join(' ') };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// dist/ size

function distSize(dir) {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push({ file: path.relative(dir, full), bytes: statSync(full).size, gzipBytes: gzipSync(readFileSync(full), { level: 9 }).length });
    }
  };
  walk(dir);
  return { totalBytes: files.reduce((s, f) => s + f.bytes, 0), totalGzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0), files };
}

// ---------------------------------------------------------------------------------------------
// Main

/** v1's bundle: the commit the issue's figures compare against. */
const V1_COMMIT = '83ac734';

/** A directory holding a bundle, or the dist/ of a git revision (`v1`: V1_COMMIT) extracted to a temporary one. */
function baselineDir(value) {
  if (existsSync(path.join(path.resolve(value), 'index.js'))) return path.resolve(value);
  const revision = value === 'v1' ? V1_COMMIT : value;
  if (!/^[\w./-]+$/.test(revision)) throw new Error(`--baseline: neither a bundle directory nor a git revision: ${value}`);
  const out = mkdtempSync(path.join(tmpdir(), 'preflight-baseline-'));
  const archive = execFileSync('git', ['archive', '--format=tar', revision, 'dist'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', out], { input: archive });
  return path.join(out, 'dist');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const entry = path.join(options.dist, 'index.js');
  if (!existsSync(entry)) throw new Error(`no bundle at ${entry} (npm run bundle, or --dist DIR)`);
  if (options.baseline && !existsSync(path.join(options.baseline, 'index.js'))) throw new Error(`no bundle at ${path.join(options.baseline, 'index.js')}`);
  const simulatorPath = path.join(root, 'build/src/simulator/server.js');
  if (!existsSync(simulatorPath)) throw new Error(`the simulator is not compiled: ${simulatorPath} is missing (npm run compile)`);
  const { startSimulator, DEMO_KEYS } = await import(pathToFileURL(simulatorPath).href);
  if (Number(process.versions.node.split('.')[0]) < 24) process.stderr.write(`bench: warning: Node ${process.versions.node}; the action runs on Node 24 (npm run bench, or node_modules/.bin/node)\n`);

  options.timeBinary = findTimeBinary();
  const curl = options.curl ? findCurl() : undefined;
  const tls = options.https ? { tls: { key: readFileSync(KEY), cert: readFileSync(CERT) } } : {};
  const fast = await startSimulator(tls);
  const slow = await startSimulator({ ...tls, delayMs: DELAY_MS });
  const runner = makeStepRunner(options);
  // Realistic inputs: a model to check and a minimum balance, so every check runs.
  const inputs = (sim, key) => ({ 'api-key': key, 'base-url': sim.url, models: 'deepseek-chat', 'min-balance': '1' });

  const check = (name, run, code, status) => {
    if (run.code !== code || (status !== undefined && run.outputs.status !== status)) {
      throw new Error(`${name}: expected exit ${code}${status ? ` and status ${status}` : ''}, got exit ${run.code} and status ${run.outputs.status}\n${run.stdout}\n${run.stderr}`.trim());
    }
    return run.wallMs;
  };

  const scenarios = {
    bare: async () => check('node -e 0', await runner.step('bare'), 0),
    valid: async () => check('valid key', await runner.step('action', inputs(fast, DEMO_KEYS.valid)), 0, 'ok'),
    revoked: async () => check('revoked key', await runner.step('action', inputs(fast, DEMO_KEYS.revoked)), 1, 'invalid_key'),
    delayed: async () => check(`valid key, responses +${DELAY_MS} ms`, await runner.step('action', inputs(slow, DEMO_KEYS.valid)), 0, 'ok'),
    floor: async () => check('floor (node:http)', await runner.step('floor', inputs(fast, DEMO_KEYS.valid)), 0, 'ok'),
  };
  if (options.baseline) scenarios.baseline = async () => check('baseline, valid key', await runner.step('baseline', inputs(fast, DEMO_KEYS.valid)), 0, 'ok');
  if (curl) {
    scenarios.curl = async () => {
      const args = [
        '-sS',
        '--fail',
        '-H',
        `authorization: Bearer ${DEMO_KEYS.valid}`,
        '-H',
        'accept: application/json',
        ...(options.https ? ['--cacert', CERT] : []),
        ...(curl.parallel ? ['--parallel'] : []),
      ];
      for (const p of ['/models', '/user/balance']) args.push('-o', '/dev/null', `${fast.url}${p}`);
      const run = await timed('curl', args, { env: { PATH: process.env.PATH ?? '' }, cwd: root });
      return check('curl', { ...run, outputs: {} }, 0);
    };
  }

  const names = Object.keys(scenarios);
  const walls = Object.fromEntries(names.map((n) => [n, []]));
  const overheads = [];
  const floorOverheads = [];
  const parallelisms = [];
  const failureRatios = [];
  const baselineOverheads = [];
  const progress = (s) => {
    if (!options.json && process.stderr.isTTY) process.stderr.write(s);
  };
  try {
    for (let r = -options.warmup; r < options.runs; r++) {
      const shift = (r + options.warmup) % names.length;
      const got = {};
      for (const name of [...names.slice(shift), ...names.slice(0, shift)]) got[name] = await scenarios[name]();
      if (r < 0) continue; // warm-up rounds: file cache, the simulator, this process's JIT
      for (const name of names) walls[name].push(got[name]);
      overheads.push(got.valid - got.bare);
      floorOverheads.push(got.floor - got.bare);
      parallelisms.push((got.delayed - got.valid) / DELAY_MS);
      failureRatios.push(got.revoked / got.valid);
      if (options.baseline) baselineOverheads.push(got.baseline - got.bare);
      progress(`\rround ${r + 1}/${options.runs} `);
    }
    progress('\r\u001b[K');
    const rss = { action: [], bare: [] };
    for (let r = 0; r < options.rssRuns; r++) {
      const run = await runner.step('action', inputs(fast, DEMO_KEYS.valid), { rss: true });
      check('valid key (RSS)', run, 0, 'ok');
      if (run.rssKb) rss.action.push(run.rssKb / 1024);
      const bare = await runner.step('bare', undefined, { rss: true });
      if (bare.rssKb) rss.bare.push(bare.rssKb / 1024);
    }

    const w = Object.fromEntries(names.map((n) => [n, summarise(walls[n])]));
    const startup = summarise(overheads);
    const result = {
      dist: options.dist,
      node: process.version,
      rounds: options.runs,
      transport: options.https ? 'https (loopback, test certificate)' : 'http (loopback)',
      compileCache: options.warmCache ? 'warm (shared temp dir)' : 'cold (fresh temp dir per run)',
      wallMs: w,
      startupOverheadMs: { ...startup, differenceOfMedians: round(w.valid.median - w.bare.median), target: TARGETS.startupMs },
      floorOverheadMs: summarise(floorOverheads),
      baseline: options.baseline ? { dist: options.baseline, startupOverheadMs: summarise(baselineOverheads), wallMs: w.baseline } : null,
      // Paired, like the start-up overhead: the median of the per-round values (then the same
      // figure computed from the medians of the walls, for reference).
      parallelism: {
        value: round(median(parallelisms), 2),
        p25: round(quantile(parallelisms, 0.25), 2),
        p75: round(quantile(parallelisms, 0.75), 2),
        fromMedians: round((w.delayed.median - w.valid.median) / DELAY_MS, 2),
        delayMs: DELAY_MS,
        target: TARGETS.parallelism,
      },
      failurePath: {
        ratio: round(median(failureRatios), 2),
        p25: round(quantile(failureRatios, 0.25), 2),
        p75: round(quantile(failureRatios, 0.75), 2),
        fromMedians: round(w.revoked.median / w.valid.median, 2),
        target: TARGETS.failureRatio,
      },
      peakRssMb: { ...summarise(rss.action), bareNode: round(median(rss.bare)), via: options.timeBinary ? '/usr/bin/time -f %M' : '/proc VmHWM sampling', target: TARGETS.rssMb },
      distSize: distSize(options.dist),
      curl: curl ? { version: curl.version, parallel: curl.parallel, wallMs: w.curl } : null,
    };
    result.pass = {
      startup: result.startupOverheadMs.median <= TARGETS.startupMs,
      parallelism: result.parallelism.value <= TARGETS.parallelism,
      failurePath: result.failurePath.ratio <= TARGETS.failureRatio,
      peakRss: result.peakRssMb.n ? result.peakRssMb.max <= TARGETS.rssMb : null, // null: not measurable here
    };
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else printTable(result);
  } finally {
    runner.cleanup();
    await fast.close();
    await slow.close();
  }
}

function printTable(r) {
  const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
  const mark = (ok) => (ok === null ? 'n/a' : ok ? 'ok' : 'MISSED');
  const ms = (s) => `${s.median.toFixed(1).padStart(7)} ms  [${s.p25.toFixed(1)}–${s.p75.toFixed(1)}]`;
  const w = r.wallMs;
  const lines = [
    `deepseek-preflight benchmark: ${r.dist}`,
    `Node ${r.node}; ${r.rounds} interleaved rounds, medians [p25–p75]; ${r.transport}; compile cache ${r.compileCache}`,
    '',
    'wall time of one step',
    `  node -e 0                                 ${ms(w.bare)}`,
    `  valid key (passing check)                 ${ms(w.valid)}`,
    `  revoked key (401)                         ${ms(w.revoked)}`,
    `  valid key, every response +${DELAY_MS} ms        ${ms(w.delayed)}`,
    `  floor: the two GETs with node:http        ${ms(w.floor)}`,
    ...(r.baseline ? [`  baseline bundle, valid key               ${ms(w.baseline)}`] : []),
    ...(r.curl ? [`  curl, two requests${r.curl.parallel ? ' (--parallel)' : '             '}           ${ms(w.curl)}`] : []),
    '',
    'figure                                        value       target',
    `  start-up overhead (valid − node -e 0)    ${String(r.startupOverheadMs.median).padStart(7)} ms   ≤ ${TARGETS.startupMs} ms   ${mark(r.pass.startup)}  [${r.startupOverheadMs.p25}–${r.startupOverheadMs.p75}]`,
    `    the floor's overhead, same rounds      ${String(r.floorOverheadMs.median).padStart(7)} ms               [${r.floorOverheadMs.p25}–${r.floorOverheadMs.p75}]`,
    ...(r.baseline
      ? [
          `    the baseline's overhead, same rounds   ${String(r.baseline.startupOverheadMs.median).padStart(7)} ms               [${r.baseline.startupOverheadMs.p25}–${r.baseline.startupOverheadMs.p75}]  ${r.baseline.dist}`,
        ]
      : []),
    `  parallelism ((delayed − valid) / ${DELAY_MS})   ${String(r.parallelism.value).padStart(7)}      ≤ ${TARGETS.parallelism}      ${mark(r.pass.parallelism)}  [${r.parallelism.p25}–${r.parallelism.p75}]`,
    `  failure path (revoked / valid)           ${String(r.failurePath.ratio).padStart(7)}      ≤ ${TARGETS.failureRatio}      ${mark(r.pass.failurePath)}  [${r.failurePath.p25}–${r.failurePath.p75}]`,
    `  peak RSS of the step (max of ${String(r.peakRssMb.n).padEnd(3)})       ${String(r.peakRssMb.max).padStart(7)} MB   ≤ ${TARGETS.rssMb} MB   ${mark(r.pass.peakRss)}  (median ${r.peakRssMb.median} MB; node -e 0: ${r.peakRssMb.bareNode} MB)`,
    `  dist/                                ${kib(r.distSize.totalBytes).padStart(12)}   (gzip -9: ${kib(r.distSize.totalGzipBytes)})`,
    ...r.distSize.files.map((f) => `    ${f.file.padEnd(36)}${kib(f.bytes).padStart(12)}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
});
