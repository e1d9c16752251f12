// SECURITY.md's "Every request" table is the contract for what goes over the network. This file
// reads the table, runs the bundled action through scenarios on both kinds of endpoint — DeepSeek's
// own host (the simulator reached as `api.deepseek.com` through a loopback proxy) and any other
// `base-url` (the simulator as a gateway) — and fails when the simulator sees a request the table
// does not name, a request with a credential the table says it has not, or more of one kind than
// its maximum.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GATEWAYS, startSimulator, type RecordedRequest, type SimFault, type Simulator, type SimulatorOptions } from '../src/simulator/server.js';
import { startForwardProxy } from './helpers/forward-proxy.js';
import { REPO_ROOT, runAction, type ActionRun } from './helpers/run-action.js';
import { API_HOSTS_CERT_PATH, API_HOSTS_TLS } from './helpers/tls.js';

type EndpointKind = 'deepseek' | 'other';

interface ListedRequest {
  readonly endpoint: EndpointKind;
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly withKey: boolean;
  /** The most attempts of this request in one run, for a given `retries`. */
  readonly atMost: (retries: number) => number;
  readonly row: string;
}

/** The rows of the table under `## Every request` in SECURITY.md. */
function requestList(markdown: string): ListedRequest[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Every request\n')) ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !/^\| (?:Endpoint|---) /.test(line));
  return rows.map((row) => {
    const cells = row
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const [endpoint = '', request = '', body = '', key = '', , atMost = ''] = cells;
    const [method = '', requestPath = ''] = request.replace(/`/g, '').split(' ');
    const max = /^1 \+ `retries`$/.test(atMost) ? (retries: number) => 1 + retries : /^\d+$/.test(atMost) ? () => Number(atMost) : undefined;
    if (!max || !['yes', 'no'].includes(key) || !/^[A-Z]+$/.test(method)) throw new Error(`SECURITY.md: a request row this test cannot read: ${row}`);
    return {
      endpoint: endpoint === '`api.deepseek.com`' ? 'deepseek' : 'other',
      method,
      path: requestPath,
      body: body === 'none' ? '' : body.replace(/`/g, ''),
      withKey: key === 'yes',
      atMost: max,
      row,
    };
  });
}

const LIST = requestList(readFileSync(path.join(REPO_ROOT, 'SECURITY.md'), 'utf8'));
const VALID = 'sk-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d';
const REVOKED = 'sk-ffffeeeeddddccccbbbbaaaa99998888';
const ACCOUNTS = { [VALID]: {}, [REVOKED]: { state: 'disabled' as const } };

interface Scenario {
  readonly endpoint: EndpointKind;
  readonly key: string;
  readonly retries: number;
  readonly sim?: SimulatorOptions;
  /** The simulator's path prefix as the action sees it (a gateway's `/api/v1`). */
  readonly prefix?: string;
}

/** Runs the bundled action once; every request the simulator saw, and the run. */
async function observe(scenario: Scenario): Promise<{ run: ActionRun; seen: RecordedRequest[] }> {
  const prefix = scenario.prefix ?? '';
  const deepseek = scenario.endpoint === 'deepseek';
  const sim: Simulator = await startSimulator({ accounts: ACCOUNTS, prefix, ...(deepseek ? { tls: API_HOSTS_TLS } : {}), ...scenario.sim });
  const proxy = deepseek ? await startForwardProxy({ routes: { 'api.deepseek.com:443': sim.port } }) : undefined;
  try {
    const run = await runAction(
      { 'api-key': scenario.key, 'base-url': deepseek ? 'https://api.deepseek.com' : sim.url, retries: String(scenario.retries), 'timeout-seconds': '30' },
      proxy ? { env: { HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: API_HOSTS_CERT_PATH } } : {},
    );
    if (proxy) expect(proxy.connects.every((target) => target === 'api.deepseek.com:443')).toBe(true);
    return { run, seen: [...sim.requests, ...sim.anonymous].map((r) => ({ ...r, path: r.path.slice(prefix.length) })) };
  } finally {
    await proxy?.close();
    await sim.close();
  }
}

/** What is wrong with the requests seen, against the list: unlisted requests and counts over the maximum. */
function violations(scenario: Scenario, seen: readonly RecordedRequest[]): string[] {
  const problems: string[] = [];
  const counts = new Map<ListedRequest, number>();
  for (const request of seen) {
    const withKey = request.authorization !== undefined;
    const listed = LIST.find((l) => l.endpoint === scenario.endpoint && l.method === request.method && l.path === request.path && l.withKey === withKey && l.body === request.body);
    const described = `${request.method} ${request.path} ${withKey ? 'with' : 'without'} the key, body ${JSON.stringify(request.body)}`;
    if (!listed) {
      problems.push(`not in SECURITY.md for ${scenario.endpoint === 'deepseek' ? 'api.deepseek.com' : 'another base-url'}: ${described}`);
      continue;
    }
    counts.set(listed, (counts.get(listed) ?? 0) + 1);
    if (withKey && request.authorization !== `Bearer ${scenario.key}`) problems.push(`${described}: an Authorization header that is not the key`);
    if (request.headers.cookie !== undefined) problems.push(`${described}: a cookie`);
    if (request.headers['accept-encoding'] !== 'identity') problems.push(`${described}: accept-encoding ${String(request.headers['accept-encoding'])}`);
    if (!/^deepseek-preflight\/\d+$/.test(String(request.headers['user-agent']))) problems.push(`${described}: user-agent ${String(request.headers['user-agent'])}`);
  }
  for (const [listed, count] of counts) {
    const max = listed.atMost(scenario.retries);
    if (count > max) problems.push(`${count} × ${listed.row.split('|').slice(2, 5).join('|')} (at most ${max} with retries ${scenario.retries})`);
  }
  return problems;
}

const everyAnswer = (fault: SimFault): SimulatorOptions => ({ always: fault });
const RETRY_NOW: SimFault = { kind: 'rate_limited', retryAfter: '0' };
const JSON_MODELS = JSON.stringify({ object: 'list', data: [{ id: 'deepseek/deepseek-v4-pro', object: 'model', owned_by: 'deepseek' }] });

describe('SECURITY.md lists every request', () => {
  it('the table is read: both kinds of endpoint, every request kind the probe knows', () => {
    expect(LIST.filter((l) => l.endpoint === 'deepseek').map((l) => `${l.method} ${l.path} ${String(l.withKey)}`)).toEqual(['GET /models true', 'GET /user/balance true']);
    expect(LIST.filter((l) => l.endpoint === 'other').map((l) => `${l.method} ${l.path} ${String(l.withKey)} ${l.body}`)).toEqual([
      'GET /models true ',
      'GET /user/balance true ',
      'GET /models false ',
      'GET /key true ',
      'GET /key false ',
      'POST /chat/completions true {}',
      'POST /chat/completions false {}',
    ]);
  });

  it.concurrent.each<[string, Scenario]>([
    ['DeepSeek: a valid key', { endpoint: 'deepseek', key: VALID, retries: 2 }],
    ['DeepSeek: a revoked key', { endpoint: 'deepseek', key: REVOKED, retries: 2 }],
    ['DeepSeek: 503 then answers', { endpoint: 'deepseek', key: VALID, retries: 2, sim: { script: { models: [{ kind: 'status', status: 503 }] } } }],
    ['a gateway as OpenRouter documents it', { endpoint: 'other', key: VALID, retries: 2, prefix: '/api/v1', sim: { gateway: GATEWAYS.openrouter } }],
    ['OpenRouter-like, with a wrong key', { endpoint: 'other', key: REVOKED, retries: 2, sim: { gateway: GATEWAYS.openrouter } }],
    ['a gateway whose chat authenticates first', { endpoint: 'other', key: VALID, retries: 2, sim: { gateway: GATEWAYS.publicModelsChatAuthFirst } }],
    ['a gateway where nothing proves the key', { endpoint: 'other', key: VALID, retries: 2, sim: { gateway: GATEWAYS.unprovable } }],
    ['a gateway that authenticates GET /models', { endpoint: 'other', key: VALID, retries: 2, sim: { gateway: GATEWAYS.authenticated } }],
    ['a self-hosted DeepSeek-shaped endpoint', { endpoint: 'other', key: VALID, retries: 2 }],
  ])('%s: only listed requests, within their maximums', async (_name, scenario) => {
    const { run, seen } = await observe(scenario);
    expect(run.outputs.status).toBeDefined();
    expect(seen.length).toBeGreaterThan(0);
    expect(violations(scenario, seen)).toEqual([]);
  });

  it('the keyed requests to DeepSeek stay within 1 + retries when every answer is 429 with Retry-After: 0 (retries 10)', async () => {
    const scenario: Scenario = { endpoint: 'deepseek', key: VALID, retries: 10, sim: everyAnswer(RETRY_NOW) };
    const { run, seen } = await observe(scenario);
    expect(run.outputs.status).toBe('rate_limited');
    expect(seen.filter((r) => r.path === '/models')).toHaveLength(11);
    expect(violations(scenario, seen)).toEqual([]);
  });

  it('a request the table does not name is reported (the check can fail)', () => {
    const stray: RecordedRequest = { method: 'DELETE', path: '/models', at: 0, headers: { 'accept-encoding': 'identity', 'user-agent': 'deepseek-preflight/2' }, body: '' };
    expect(violations({ endpoint: 'deepseek', key: VALID, retries: 0 }, [stray])).toEqual(['not in SECURITY.md for api.deepseek.com: DELETE /models without the key, body ""']);
    const keyless: RecordedRequest = { ...stray, method: 'GET', path: '/user/balance' };
    expect(violations({ endpoint: 'other', key: VALID, retries: 0 }, [keyless])).toHaveLength(1);
  });

  // The per-kind maximums (key-less GET /models at most 2; GET /key and the chat proof at most 2
  // with and 2 without the key), read from SECURITY.md, hold however many retries are allowed.
  it('a gateway answering 429 with Retry-After: 0 to everything (retries 10): the key-less GET /models at most twice', async () => {
    const scenario: Scenario = { endpoint: 'other', key: VALID, retries: 10, sim: everyAnswer(RETRY_NOW) };
    const { seen } = await observe(scenario);
    expect(violations(scenario, seen)).toEqual([]);
  });

  it('a gateway whose proof requests answer 429 with Retry-After: 0 (retries 10): GET /key and the chat proof at most twice each way', async () => {
    const busy = Array.from({ length: 40 }, () => RETRY_NOW);
    const scenario: Scenario = {
      endpoint: 'other',
      key: VALID,
      retries: 10,
      sim: { gateway: GATEWAYS.unprovable, script: { key: [...busy], chat: [...busy], anonymous: [{ kind: 'status', status: 200, body: JSON_MODELS }, ...busy] } },
    };
    const { seen } = await observe(scenario);
    expect(seen.some((r) => r.path === '/key' || r.path === '/chat/completions')).toBe(true);
    expect(violations(scenario, seen)).toEqual([]);
  });
});
