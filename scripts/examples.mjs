// Regenerates docs/examples/: the job summary of the bundled action for each of the 14 statuses and
// a passing run, as a user of https://api.deepseek.com gets it. The bundle runs with the default
// base-url through a loopback CONNECT proxy to the built-in simulator, served over TLS as
// api.deepseek.com (./lib/api-double.mjs): no hook in the product, and nothing leaves the machine.
//   node scripts/examples.mjs           rewrite docs/examples/
//   node scripts/examples.mjs --check   regenerate into a temporary directory and fail if it differs
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { API_HOST, makeCertificate, startTunnelProxy } from './lib/api-double.mjs';
import { root, runStep } from './lib/run-step.mjs';

const { startSimulator, DEMO_KEYS } = await import(path.join(root, 'build/src/simulator/server.js'));

const KEY = 'sk-7d2c9e4b1a0f4e6d8c3b5a7f9e1d0c2b';
const DAY = 86400;
/** A JWT as a gateway issues it; the signature is never checked, only the claims are read. */
const jwt = (claims) => ['{"alg":"HS256","typ":"JWT"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.c2lnbmF0dXJlLW5vdC1jaGVja2Vk';
const now = Math.floor(Date.now() / 1000);

// A 401, 402 or 403 from one request ends the other, and the summary names the request that
// answered: the balance answers later, so that it is always GET /models, whatever the machine's load.
const FIRST_MODELS = { balance: 300 };

/** One per status, in the README's order, and what the example shows. `sim` is the simulator's behaviour. */
const EXAMPLES = [
  { status: 'ok', title: 'A working key (a passing run)', inputs: { 'api-key': DEMO_KEYS.valid, models: 'deepseek-v4-pro', 'min-balance': '10 CNY' } },
  { status: 'skipped', title: 'No key, with on-missing-key: skip', inputs: { 'api-key': '', 'on-missing-key': 'skip' } },
  { status: 'missing_key', title: 'No key: the secret is missing or not passed', inputs: { 'api-key': '' } },
  { status: 'malformed_key', title: 'A working key with a trailing newline in the secret', inputs: { 'api-key': `${DEMO_KEYS.valid}\n`, models: 'deepseek-v4-pro' } },
  { status: 'expired_token', title: 'A gateway token (JWT) that expired three days ago', inputs: { 'api-key': jwt({ sub: 'ci', exp: now - 3 * DAY - 600 }) } },
  { status: 'wrong_endpoint', title: 'An endpoint path in base-url', inputs: { 'api-key': DEMO_KEYS.valid, 'base-url': `https://${API_HOST}/chat/completions` } },
  { status: 'invalid_key', title: 'A revoked key', inputs: { 'api-key': DEMO_KEYS.revoked, models: 'deepseek-v4-pro' }, sim: { routeDelayMs: FIRST_MODELS } },
  { status: 'forbidden', title: 'A key that is known but not allowed (403)', inputs: { 'api-key': KEY }, sim: { accounts: { [KEY]: { state: 'forbidden' } }, routeDelayMs: FIRST_MODELS } },
  { status: 'insufficient_balance', title: 'An account with no balance (402)', inputs: { 'api-key': KEY }, sim: { accounts: { [KEY]: { state: 'insufficient' } }, routeDelayMs: FIRST_MODELS } },
  { status: 'model_unavailable', title: 'A required model the key cannot use', inputs: { 'api-key': DEMO_KEYS.valid, models: 'deepseek-v4-pro, deepseek-v9' } },
  { status: 'low_balance', title: 'A balance below min-balance', inputs: { 'api-key': DEMO_KEYS.valid, 'min-balance': '200 CNY' } },
  { status: 'rate_limited', title: 'Rate limited (429 on every attempt)', inputs: { 'api-key': DEMO_KEYS.valid, retries: '1' }, sim: { always: { kind: 'rate_limited', retryAfter: '0' } } },
  { status: 'server_error', title: 'DeepSeek overloaded (503 on every attempt)', inputs: { 'api-key': DEMO_KEYS.valid, retries: '1' }, sim: { always: { kind: 'server_error', status: 503 } } },
  { status: 'unreachable', title: 'No answer within timeout-seconds', inputs: { 'api-key': DEMO_KEYS.valid, 'timeout-seconds': '2' }, sim: { always: { kind: 'hang' } } },
  // Beyond one per status: a configuration the runner repeats on every run (it blocks by default),
  // and a gateway's own key rejected by that gateway. Both go straight to their host, no tunnel.
  {
    status: 'unreachable',
    file: 'unreachable-no-such-host.md',
    title: 'A gateway host name that does not exist (blocks by default)',
    inputs: { 'api-key': DEMO_KEYS.valid, 'base-url': 'https://llm-gateway.example.invalid/v1', retries: '0' },
    direct: true,
  },
  {
    status: 'invalid_key',
    file: 'invalid-key-gateway.md',
    title: "An OpenRouter-style key rejected by its gateway (a local gateway's 401)",
    inputs: { 'api-key': `sk-or-v1-${'5e1f0a2b3c4d6e7f'.repeat(3)}9a8b7c6d5e4f757f`, retries: '0' },
    sim: { always: { kind: 'status', status: 401, body: '{"error":{"message":"No auth credentials found","code":401}}' } },
    direct: true,
  },
];

export const fileOf = (example) => example.file ?? `${example.status.replaceAll('_', '-')}.md`;

/**
 * What differs from run to run is replaced, so that the files change only with the words: times
 * that move with the clock the bundle reads (a token's `exp`), and the loopback tunnel. Dates
 * without a time (a model's announced deprecation) are constants.
 */
function stable(summary) {
  return (
    summary
      // The tunnel is ours, not the user's: a user without a proxy is not told about one.
      .replace(/ \(through the proxy `127\.0\.0\.1:\d+`, from `https_proxy`\)/g, '')
      // Anything else that names the tunnel keeps a fixed port, so that --check stays stable.
      .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:3128')
      .replace(/\b\d{4}\\?-\d{2}\\?-\d{2}T\d{2}:\d{2}:\d{2}(?:\\?\.\d+)?Z/g, 'YYYY-MM-DDThh:mm:ssZ')
  );
}

/** The inputs an example was made with, as `with:` lines (the key by what it is, never its value); the rest are defaults. */
function madeWith(inputs) {
  const lines = Object.entries(inputs)
    .filter(([name]) => name !== 'api-key')
    .map(([name, value]) => `\`${name}: ${value}\``);
  return lines.length === 0 ? 'the key the title describes and every other input at its default' : `the key the title describes and ${lines.join(', ')} (every other input at its default)`;
}

async function generate(into) {
  const certificate = makeCertificate();
  try {
    for (const example of EXAMPLES) {
      const sim = await startSimulator(example.direct ? { ...example.sim } : { ...example.sim, tls: { cert: certificate.cert, key: certificate.key } });
      const proxy = await startTunnelProxy(sim.port);
      try {
        const noProxy = { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '' };
        const env = example.direct ? noProxy : { ...noProxy, HTTPS_PROXY: proxy.url, https_proxy: proxy.url, NODE_EXTRA_CA_CERTS: certificate.certFile };
        // A direct example without its own base-url is the local gateway: the simulator on plain http.
        const inputs = example.direct && example.sim ? { 'base-url': `http://127.0.0.1:${sim.port}`, ...example.inputs } : example.inputs;
        const { code, outputs, summary } = await runStep(inputs, env);
        proxy.assertOnlyApiHost();
        // The simulator is reachable only through the tunnel: whatever it answered went through the proxy.
        if (!example.direct && sim.requests.length + sim.anonymous.length > 0 && proxy.connects.length === 0) throw new Error(`${fileOf(example)}: the run reached the simulator without the proxy`);
        if (outputs.status !== example.status) throw new Error(`${fileOf(example)}: the run ended ${outputs.status}, not ${example.status}`);
        const header = [
          `<!-- Generated by scripts/examples.mjs: the bundled action with base-url ${stable(inputs['base-url'] ?? `https://${API_HOST}`)}, answered by the built-in simulator. Do not edit. -->`,
          `# Example: ${example.title}`,
          '',
          `Made with ${madeWith(example.inputs)}. Step exit code ${code}; outputs \`status=${outputs.status}\`, \`ok=${outputs.ok}\`, \`http-status=${outputs['http-status']}\`. [All examples](README.md).`,
          '',
          '---',
          '',
          '',
        ].join('\n');
        writeFileSync(path.join(into, fileOf(example)), header + stable(summary));
      } finally {
        await proxy.close();
        await sim.close();
      }
    }
  } finally {
    certificate.remove();
  }
}

const examplesDir = path.join(root, 'docs/examples');
if (process.argv.includes('--check')) {
  const fresh = mkdtempSync(path.join(tmpdir(), 'preflight-examples-'));
  try {
    await generate(fresh);
    const committed = new Set(readdirSync(examplesDir).filter((f) => f.endsWith('.md') && f !== 'README.md'));
    const stale = [];
    for (const file of readdirSync(fresh)) {
      if (!committed.has(file)) stale.push(`${file} is missing`);
      else if (readFileSync(path.join(fresh, file), 'utf8') !== readFileSync(path.join(examplesDir, file), 'utf8')) stale.push(`${file} differs`);
      committed.delete(file);
    }
    for (const file of committed) stale.push(`${file} is not generated any more`);
    if (stale.length > 0) {
      const message = `docs/examples/ is stale (${stale.join('; ')}). Run \`npm run -s compile && node scripts/examples.mjs\` and commit docs/examples/.`;
      console.error(process.env.GITHUB_ACTIONS === 'true' ? `::error title=docs/examples/ is stale::${message}` : message);
      process.exitCode = 1;
    } else console.log(`docs/examples/ is up to date (${EXAMPLES.length} examples).`);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
} else {
  await generate(examplesDir);
  console.log(`wrote ${EXAMPLES.length} examples to docs/examples/`);
}
