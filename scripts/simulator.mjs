// Starts the simulated DeepSeek API (build/src/simulator/server.js, from `npm run compile`) on
// 127.0.0.1 and says where it is, with the demo keys it knows.
//
//   node scripts/simulator.mjs             runs it in this terminal until Ctrl-C
//   node scripts/simulator.mjs --gateway openrouter
//                                          answers as an OpenAI-compatible gateway instead (public
//                                          /models, GET /key…): openrouter, unprovable, authenticated,
//                                          publicModelsChatAuthFirst (GATEWAYS in src/simulator/server.ts)
//   node scripts/simulator.mjs --detach    starts it in the background and returns once it listens;
//                                          in a GitHub Actions step it also writes `url`, `pid`,
//                                          `valid-key`, `empty-key` and `revoked-key` to $GITHUB_OUTPUT
//
// The demo keys are not secrets: the simulator is the only server that accepts them.
import { spawn } from 'node:child_process';
import { appendFileSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(root, 'build/src/simulator/server.js');

async function serve() {
  const { startSimulator, DEMO_KEYS, GATEWAYS } = await import(pathToFileURL(server).href).catch(() => {
    console.error(`simulator: ${path.relative(process.cwd(), server)} not found; run \`npm run compile\` first.`);
    process.exit(2);
  });
  const gatewayName = gatewayArgument();
  if (gatewayName !== undefined && !Object.hasOwn(GATEWAYS, gatewayName)) {
    console.error(`simulator: unknown gateway ${JSON.stringify(gatewayName)}; one of: ${Object.keys(GATEWAYS).join(', ')}.`);
    process.exit(2);
  }
  // Under --detach the reader goes away once it has the first line: that is not a reason to stop.
  process.stdout.on('error', () => {});
  const sim = await startSimulator(gatewayName === undefined ? {} : { gateway: GATEWAYS[gatewayName] });
  // One JSON line first (read by --detach), then a human summary.
  console.log(JSON.stringify({ url: sim.url, pid: process.pid, keys: DEMO_KEYS }));
  console.log(gatewayName === undefined ? `Simulated DeepSeek API on ${sim.url}` : `Simulated gateway (${gatewayName}) on ${sim.url}`);
  for (const [name, key] of Object.entries(DEMO_KEYS)) console.log(`  ${name.padEnd(8)} ${key}`);
  const stop = () => sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function gatewayArgument() {
  const at = process.argv.indexOf('--gateway');
  return at === -1 ? undefined : (process.argv[at + 1] ?? '');
}

async function detach() {
  const log = path.join(process.env.RUNNER_TEMP ?? tmpdir(), 'deepseek-simulator.log');
  const gatewayName = gatewayArgument();
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...(gatewayName === undefined ? [] : ['--gateway', gatewayName])], {
    detached: true,
    stdio: ['ignore', 'pipe', openSync(log, 'a')],
  });
  const first = await new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`the simulator did not start within 10 s (see ${log})`)), 10_000);
    child.stdout.on('data', (d) => {
      buffered += d;
      const eol = buffered.indexOf('\n');
      if (eol >= 0) {
        clearTimeout(timer);
        resolve(buffered.slice(0, eol));
      }
    });
    child.on('exit', (code) => reject(new Error(`the simulator exited with code ${code} (see ${log})`)));
  });
  const { url, pid, keys } = JSON.parse(first);
  // Let it run on without us: stop reading its output, which it no longer needs to write.
  child.stdout.destroy();
  child.unref();
  const outputs = { url, pid, 'valid-key': keys.valid, 'empty-key': keys.empty, 'revoked-key': keys.revoked };
  if (process.env.GITHUB_OUTPUT)
    appendFileSync(
      process.env.GITHUB_OUTPUT,
      Object.entries(outputs)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
  console.log(`Simulated DeepSeek API on ${url} (pid ${pid}; log ${log})`);
}

if (process.argv.includes('--detach')) {
  detach().catch((error) => {
    console.error(`simulator: ${error.message}`);
    process.exit(1);
  });
} else {
  await serve();
}
