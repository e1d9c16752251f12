// Every kind of run a user can meet, as a table: one scenario per status (README's statuses table),
// plus hostile server text in every place the server's words are shown (message, model ids,
// currency, HTML title, redirect target). Run through the bundled action and the bundled CLI, so
// that the render, copy and glitch tests look at every summary, annotation, output and CLI line.
import { startSimulator, DEMO_KEYS, type SimulatorOptions } from '../../src/simulator/server.js';
import { closedPort, makeJwt } from './simulated.js';
import { runAction, type ActionRun, type Inputs } from './run-action.js';
import { runCli, type CliRun } from './run-cli.js';

// The scenario table must cover the product's statuses: the list itself is the public interface.
export { STATUSES, type Status } from '../../src/core/verdict/status.js';
import type { Status } from '../../src/core/verdict/status.js';

/**
 * Attacker text: every Markdown, HTML and autolink construct GitHub would act on. `EVIL` marks it,
 * so that a link, image, emphasis or element holding it is known to come from the server.
 */
export const HOSTILE =
  'EVIL|cell `tick` <img src=x> <b>EVILbold</b> @octocat https://evil.example/a www.evil.example [EVILlink](https://evil.example/l) ![EVILimg](https://evil.example/i.png) *EVILemph* _EVILunder_ ~~EVILdel~~';
/** Shorter variants for places where the server's text is cut or must look like an id. */
const HOSTILE_ID = 'EVIL|id`x`<img src=x>@octocat*EVILemph*https://evil.example';
/** An HTML <title> ends at the first `<`. */
const HOSTILE_TITLE = 'EVIL|cell `tick` @octocat https://evil.example/a www.evil.example [EVILlink](https://evil.example/l) *EVILemph* &lt;img src=x&gt;';
const HOSTILE_CURRENCY = 'EVIL|`$`<b>@x*e*';

const VALID = DEMO_KEYS.valid;
const KEY = 'sk-7d2c9e4b1a0f4e6d8c3b5a7f9e1d0c2b';
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export interface Scenario {
  readonly name: string;
  readonly status: Status;
  readonly inputs: Inputs;
  /** The simulator to run against (base-url defaults to it); none when the run needs no network. */
  readonly sim?: SimulatorOptions;
  /** base-url is a loopback port nothing listens on. */
  readonly closed?: true;
  /** Server text is shown: the render test checks it stays inert. */
  readonly hostile?: true;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'a working key', status: 'ok', inputs: { 'api-key': VALID, models: 'deepseek-v4-pro', 'min-balance': '5 CNY' }, sim: {} },
  { name: 'a deprecated model (ok with a warning)', status: 'ok', inputs: { 'api-key': VALID, models: 'deepseek-chat' }, sim: {} },
  { name: 'no key, on-missing-key: skip', status: 'skipped', inputs: { 'api-key': '', 'on-missing-key': 'skip' } },
  { name: 'no key', status: 'missing_key', inputs: { 'api-key': '' } },
  { name: 'a trailing newline in the secret', status: 'malformed_key', inputs: { 'api-key': `${VALID}\n` }, sim: {} },
  { name: '"Bearer " pasted in', status: 'malformed_key', inputs: { 'api-key': `Bearer ${VALID}` }, sim: {} },
  { name: 'a placeholder', status: 'malformed_key', inputs: { 'api-key': '${{ secrets.DEEPSEEK_API_KEY }}' } },
  { name: 'an expired JWT', status: 'expired_token', inputs: { 'api-key': makeJwt({ sub: 'ci', exp: nowSeconds() - 3 * 86400 - 60 }) } },
  { name: 'an endpoint path in base-url', status: 'wrong_endpoint', inputs: { 'api-key': VALID, 'base-url': 'https://api.deepseek.com/chat/completions' } },
  { name: "OpenAI's base URL", status: 'wrong_endpoint', inputs: { 'api-key': VALID, 'base-url': 'https://api.openai.com/v1' } },
  { name: 'a revoked key', status: 'invalid_key', inputs: { 'api-key': DEMO_KEYS.revoked, models: 'deepseek-v4-pro' }, sim: {} },
  { name: '403', status: 'forbidden', inputs: { 'api-key': KEY }, sim: { accounts: { [KEY]: { state: 'forbidden' } } } },
  { name: '402', status: 'insufficient_balance', inputs: { 'api-key': KEY }, sim: { accounts: { [KEY]: { state: 'insufficient' } } } },
  { name: 'is_available: false', status: 'insufficient_balance', inputs: { 'api-key': DEMO_KEYS.empty }, sim: {} },
  { name: 'a model the key cannot use', status: 'model_unavailable', inputs: { 'api-key': VALID, models: 'deepseek-v4-pro, deepseek-v9' }, sim: {} },
  { name: 'a balance below min-balance', status: 'low_balance', inputs: { 'api-key': VALID, 'min-balance': '200 CNY' }, sim: {} },
  { name: 'persistent 429', status: 'rate_limited', inputs: { 'api-key': VALID, retries: '1' }, sim: { always: { kind: 'rate_limited', retryAfter: '0' } } },
  { name: 'persistent 503', status: 'server_error', inputs: { 'api-key': VALID, retries: '1' }, sim: { always: { kind: 'server_error', status: 503 } } },
  { name: 'a refused connection', status: 'unreachable', inputs: { 'api-key': VALID, retries: '1' }, closed: true },
  { name: 'a gateway host name that does not exist', status: 'unreachable', inputs: { 'api-key': VALID, 'base-url': 'https://llm-gateway.example.invalid/v1', retries: '0' } },
  {
    name: "a gateway's own key rejected by the gateway",
    status: 'invalid_key',
    inputs: { 'api-key': `sk-or-v1-${'5e1f0a2b3c4d6e7f'.repeat(3)}9a8b7c6d5e4f757f`, retries: '0' },
    sim: { always: { kind: 'status', status: 401, body: '{"error":{"message":"No auth credentials found","code":401}}' } },
  },
  // Hostile server text, in every place the server's words reach the user.
  { name: 'hostile 401 message', status: 'invalid_key', inputs: { 'api-key': KEY, retries: '0' }, sim: { always: { kind: 'hostile_message', message: HOSTILE } }, hostile: true },
  { name: 'hostile 403 message', status: 'forbidden', inputs: { 'api-key': KEY, retries: '0' }, sim: { always: { kind: 'hostile_message', message: HOSTILE, status: 403 } }, hostile: true },
  { name: 'hostile 402 message', status: 'insufficient_balance', inputs: { 'api-key': KEY, retries: '0' }, sim: { always: { kind: 'hostile_message', message: HOSTILE, status: 402 } }, hostile: true },
  { name: 'hostile 503 message', status: 'server_error', inputs: { 'api-key': KEY, retries: '0' }, sim: { always: { kind: 'hostile_message', message: HOSTILE, status: 503 } }, hostile: true },
  {
    name: 'hostile model ids',
    status: 'model_unavailable',
    inputs: { 'api-key': KEY, models: 'deepseek-v9' },
    // With one DeepSeek id: a list of none is another provider's, which only warns (docs/gateways.md).
    sim: { accounts: { [KEY]: { models: [HOSTILE_ID, `${HOSTILE_ID}-2`, 'deepseek-v4-pro'] } } },
    hostile: true,
  },
  {
    name: 'hostile currency',
    status: 'low_balance',
    inputs: { 'api-key': KEY, 'min-balance': '5' },
    sim: { accounts: { [KEY]: { balances: [{ currency: HOSTILE_CURRENCY, total: '1.00' }] } } },
    hostile: true,
  },
  { name: 'hostile HTML title', status: 'wrong_endpoint', inputs: { 'api-key': KEY, retries: '0' }, sim: { always: { kind: 'html', title: HOSTILE_TITLE } }, hostile: true },
  {
    name: 'hostile redirect target',
    status: 'wrong_endpoint',
    inputs: { 'api-key': KEY, retries: '0' },
    sim: { always: { kind: 'redirect', location: `https://evil.example/EVIL|x\`y\`<img>@octocat*EVILemph*` } },
    hostile: true,
  },
];

/** Runs a scenario: a fresh simulator (or a closed port), then `run` with the base-url filled in. */
async function around<T>(scenario: Scenario, run: (inputs: Inputs) => Promise<T>): Promise<T> {
  if (scenario.closed) return run({ 'base-url': `http://127.0.0.1:${await closedPort()}`, ...scenario.inputs });
  if (!scenario.sim) return run(scenario.inputs);
  const sim = await startSimulator(scenario.sim);
  try {
    return await run({ 'base-url': sim.url, ...scenario.inputs });
  } finally {
    await sim.close();
  }
}

export function runScenario(scenario: Scenario): Promise<ActionRun> {
  return around(scenario, (inputs) => runAction(inputs));
}

/** The CLI with the same inputs as flags, the key in DEEPSEEK_API_KEY. */
export function runScenarioCli(scenario: Scenario, json: boolean): Promise<CliRun> {
  return around(scenario, (inputs) => {
    const { 'api-key': key, 'fail-on-outage': _outage, ...rest } = inputs;
    const flags = Object.entries(rest).flatMap(([name, value]) => [`--${name}`, value ?? '']);
    return runCli([...(json ? ['--json'] : []), ...flags], key ? { env: { DEEPSEEK_API_KEY: key } } : {});
  });
}

/** Runs fn over items, `width` at a time: the machine has few cores and the runs are processes. */
export async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}
