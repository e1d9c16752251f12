// The canary: a recognisable key run through every scenario the tests know (every status, every
// simulator fault, malformed variants of the key, bad inputs, proxies) with the bundled action, and
// looked for everywhere the runner shows or keeps (log, summary, outputs file) — as a whole, URL-
// encoded, base64, `Bearer` base64, or any 8+ character slice. Masking commands are the only place
// it may appear, and they must come first.
import { startSimulator, type SimAccount, type SimulatorOptions } from '../src/simulator/server.js';
import { startForwardProxy } from './helpers/forward-proxy.js';
import { commandData, findLeaks, formsThatMustBeMasked, splitMasking } from './helpers/leaks.js';
import { runAction, type ActionRun, type Inputs, type RunOptions } from './helpers/run-action.js';
import { CERT_PATH, TLS } from './helpers/tls.js';

/** `sk-` + 32 hex characters, none of them a run that could occur by chance in our own text. */
const CANARY = 'sk-7c3a9e1fb24d4e6a8f0b5c2d9e7a1f36';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'canary-7c3a9e1fb24d', ...claims })}.7c3a9e1fb24d4e6a8f0b5c2d9e7a1f36sig`;
}

/** Another provider's key is not masked or sent; its public prefix is named in our own text. */
function publicPrefix(secret: string): string | undefined {
  return /^(sk-proj-|sk-or-v1-)/.exec(secret)?.[1];
}

interface Scenario {
  /** The api-key input. */
  readonly apiKey: string;
  /** The key inside it (what must never leak); defaults to CANARY. */
  readonly secret?: string;
  readonly inputs?: Inputs;
  readonly sim?: SimulatorOptions;
  /** Accounts the simulator knows; the secret is valid unless told otherwise. */
  readonly account?: SimAccount | null;
  readonly env?: Record<string, string>;
  /** The status we expect, to be sure the scenario exercised what it says. */
  readonly status: string;
  /** base-url replaces the simulator's. */
  readonly baseUrl?: string;
  /** Run through a forward proxy on loopback (optionally one that answers 407). */
  readonly proxy?: 'tunnel' | '407';
}

async function runScenario(s: Scenario): Promise<ActionRun> {
  const secret = s.secret ?? CANARY;
  const accounts: Record<string, SimAccount> = s.account === null ? {} : { [secret]: s.account ?? {} };
  // Through a proxy the simulator speaks TLS: a plain-http base never goes through a proxy.
  const sim = await startSimulator({ accounts, ...(s.proxy ? { tls: TLS } : {}), ...s.sim });
  const proxy = s.proxy ? await startForwardProxy({ refuseWith: s.proxy === '407' ? 407 : undefined }) : undefined;
  try {
    const env: Record<string, string> = { ...s.env, ...(proxy ? { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: CERT_PATH } : {}) };
    const runOptions: RunOptions = { env };
    return await runAction({ 'api-key': s.apiKey, 'base-url': s.baseUrl ?? sim.url, 'timeout-seconds': '30', retries: '0', ...s.inputs }, runOptions);
  } finally {
    await proxy?.close();
    await sim.close();
  }
}

const hostile = [
  `Authentication Fails, you sent ${CANARY}`,
  `Authentication Fails, encoded ${encodeURIComponent(CANARY)} / ${b64(CANARY)} / ${b64(`Bearer ${CANARY}`)}`,
  `Incorrect API key provided: ${CANARY.slice(0, 8)}************************${CANARY.slice(-4)}`,
  `partial ${CANARY.slice(10, 18)} and ${CANARY.slice(20, 31)} of the key`,
  `upper ${CANARY.toUpperCase()}`.replace(/SK-/, 'sk-'),
  `hex ${Buffer.from(CANARY).toString('hex')}`,
  `base64 at byte offset 1 ${b64(`x${CANARY}`)} and 2 ${b64(`xy${CANARY}`)}`,
  `every character percent-encoded ${[...CANARY].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`,
  `split by zero-width spaces ${[...CANARY].join('\u200b')}`,
];

const SCENARIOS: Array<[string, Scenario]> = [
  // Every status.
  ['ok', { apiKey: CANARY, status: 'ok' }],
  ['ok with models and min-balance', { apiKey: CANARY, inputs: { models: 'deepseek-chat', 'min-balance': '5 CNY' }, status: 'ok' }],
  ['invalid_key (401 echoing the last four)', { apiKey: CANARY, account: null, status: 'invalid_key' }],
  ['insufficient_balance (402)', { apiKey: CANARY, account: { state: 'insufficient' }, status: 'insufficient_balance' }],
  ['insufficient_balance (is_available false)', { apiKey: CANARY, account: { isAvailable: false, balances: [{ currency: 'CNY', total: '0.00' }] }, status: 'insufficient_balance' }],
  ['low_balance', { apiKey: CANARY, inputs: { 'min-balance': '1000' }, status: 'low_balance' }],
  ['model_unavailable', { apiKey: CANARY, inputs: { models: 'deepseek-nope' }, status: 'model_unavailable' }],
  ['forbidden (403)', { apiKey: CANARY, account: { state: 'forbidden' }, status: 'forbidden' }],
  ['expired_token', { apiKey: jwt({ exp: 1_000_000_000 }), secret: jwt({ exp: 1_000_000_000 }), status: 'expired_token' }],
  ['a JWT that works', { apiKey: jwt({ exp: 4_000_000_000 }), secret: jwt({ exp: 4_000_000_000 }), status: 'ok' }],
  ['wrong_endpoint: plain http elsewhere', { apiKey: CANARY, baseUrl: 'http://api.example.com/v1', status: 'wrong_endpoint' }],
  ['wrong_endpoint: 404', { apiKey: CANARY, sim: { always: { kind: 'status', status: 404, body: '{"detail":"Not Found"}' } }, status: 'wrong_endpoint' }],
  ['unreachable: refused', { apiKey: CANARY, baseUrl: 'http://127.0.0.1:9', status: 'unreachable' }],
  ['rate_limited (retried once)', { apiKey: CANARY, inputs: { retries: '1' }, sim: { always: { kind: 'rate_limited', retryAfter: '0' } }, status: 'rate_limited' }],
  ['server_error (retried once)', { apiKey: CANARY, inputs: { retries: '1' }, sim: { always: { kind: 'server_error', status: 500 } }, status: 'server_error' }],
  ['fail-on-outage with a 503', { apiKey: CANARY, inputs: { 'fail-on-outage': 'true' }, sim: { always: { kind: 'server_error' } }, status: 'server_error' }],

  // Every simulator fault, several of them carrying the key.
  ['fault echo_key', { apiKey: CANARY, sim: { always: { kind: 'echo_key' } }, status: 'invalid_key' }],
  ...hostile.map((message, i): [string, Scenario] => [
    `fault hostile_message #${i + 1}`,
    { apiKey: CANARY, sim: { always: { kind: 'hostile_message', message } }, status: i === 2 ? 'wrong_endpoint' : 'invalid_key' },
  ]),
  ['fault hostile_message as a 500', { apiKey: CANARY, sim: { always: { kind: 'hostile_message', message: `overloaded for ${CANARY}`, status: 500 } }, status: 'server_error' }],
  [
    'fault status 400 with the key in the body',
    { apiKey: CANARY, sim: { always: { kind: 'status', status: 400, body: JSON.stringify({ error: { message: `bad request from ${CANARY}` } }) } }, status: 'wrong_endpoint' },
  ],
  [
    'fault status 401 with the key in detail',
    { apiKey: CANARY, sim: { always: { kind: 'status', status: 401, body: JSON.stringify({ detail: `Authentication Fails for Bearer ${CANARY}` }) } }, status: 'invalid_key' },
  ],
  [
    'fault status 402 with the key',
    { apiKey: CANARY, sim: { always: { kind: 'status', status: 402, body: JSON.stringify({ error: { message: `no money on ${b64(CANARY)}` } }) } }, status: 'insufficient_balance' },
  ],
  [
    'fault status 403 with the key',
    { apiKey: CANARY, sim: { always: { kind: 'status', status: 403, body: JSON.stringify({ error: `denied: ${encodeURIComponent(CANARY)}` }) } }, status: 'forbidden' },
  ],
  ['fault status 404 with the key', { apiKey: CANARY, sim: { always: { kind: 'status', status: 404, body: JSON.stringify({ message: `no route for ${CANARY}` }) } }, status: 'wrong_endpoint' }],
  [
    'fault status 429 with the key and Retry-After',
    { apiKey: CANARY, sim: { always: { kind: 'status', status: 429, body: JSON.stringify({ error: { message: CANARY } }), headers: { 'retry-after': '999' } } }, status: 'rate_limited' },
  ],
  [
    'fault redirect to a URL carrying the key',
    { apiKey: CANARY, sim: { always: { kind: 'redirect', location: `https://evil.example/collect?key=${CANARY}&b=${encodeURIComponent(b64(`Bearer ${CANARY}`))}` } }, status: 'wrong_endpoint' },
  ],
  ['fault redirect with the key in the path', { apiKey: CANARY, sim: { always: { kind: 'redirect', status: 307, location: `/${CANARY}/models` } }, status: 'wrong_endpoint' }],
  ['fault html titled with the key', { apiKey: CANARY, sim: { always: { kind: 'html', title: `Welcome ${CANARY}` } }, status: 'wrong_endpoint' }],
  ['fault html as a 502', { apiKey: CANARY, sim: { always: { kind: 'html', status: 502, title: `Bad gateway ${CANARY}` } }, status: 'server_error' }],
  ['fault hang', { apiKey: CANARY, inputs: { 'timeout-seconds': '1' }, sim: { always: { kind: 'hang' } }, status: 'unreachable' }],
  ['fault reset', { apiKey: CANARY, inputs: { retries: '0' }, sim: { always: { kind: 'reset' } }, status: 'unreachable' }],
  ['fault reset_mid_body', { apiKey: CANARY, inputs: { retries: '0' }, sim: { always: { kind: 'reset_mid_body' } }, status: 'unreachable' }],
  ['fault stall_mid_body', { apiKey: CANARY, inputs: { 'timeout-seconds': '1' }, sim: { always: { kind: 'stall_mid_body' } }, status: 'unreachable' }],
  ['fault keepalive then the answer', { apiKey: CANARY, sim: { script: { models: [{ kind: 'keepalive', blankLines: 3, intervalMs: 20 }] } }, status: 'ok' }],
  ['fault huge', { apiKey: CANARY, sim: { always: { kind: 'huge', bytes: 1024 * 1024 } }, status: 'wrong_endpoint' }],
  // The security review's cases: key pieces separated by what a later step turns into a space,
  // NFKC copies, and pieces in separate fields that are joined when shown.
  ...['\u0001', '\u0085', '\u0600', '\u{1d173}', '\u{13430}'].map((sep): [string, Scenario] => [
    `401 with U+${sep.codePointAt(0)!.toString(16).toUpperCase()} after every 7th key character`,
    { apiKey: CANARY, sim: { always: { kind: 'hostile_message', message: `Your key ${CANARY.replace(/(.{7})/g, `$1${sep}`)} is invalid` } }, status: 'invalid_key' },
  ]),
  [
    '401 with a fullwidth copy of the key',
    {
      apiKey: CANARY,
      sim: { always: { kind: 'hostile_message', message: `Your key ${[...CANARY].map((c) => String.fromCodePoint(c.charCodeAt(0) + 0xfee0)).join('')} is invalid` } },
      status: 'invalid_key',
    },
  ],
  [
    'balances and currencies alternately 7-character slices of the key',
    {
      apiKey: CANARY,
      account: {
        balances: (CANARY.match(/.{1,7}/g) ?? []).reduce<Array<{ currency: string; total: string }>>(
          (acc, piece, i, all) => (i % 2 ? acc : [...acc, { total: piece, currency: all[i + 1] ?? 'CNY' }]),
          [],
        ),
      },
      status: 'ok',
    },
  ],
  ['model ids each a 7-character slice of the key', { apiKey: CANARY, account: { models: [...(CANARY.match(/.{1,7}/g) ?? []), 'deepseek-chat'] }, status: 'ok' }],
  ['a JWT whose nbf no date can hold', { apiKey: jwt({ nbf: 10_000_000_000_000 }), secret: jwt({ nbf: 10_000_000_000_000 }), status: 'ok' }],
  [
    'model ids and currencies carrying the key',
    {
      apiKey: CANARY,
      account: { models: [`model-${CANARY}`, b64(CANARY), 'deepseek-v4-pro'], balances: [{ currency: CANARY.slice(3, 15), total: CANARY.slice(-12) }] },
      inputs: { models: 'deepseek-chat', 'min-balance': '1' },
      status: 'model_unavailable',
    },
  ],
  [
    // No DeepSeek id at all: the Models check warns, naming the list (docs/gateways.md), and the ids it shows are redacted too.
    "model ids carrying the key, none of them DeepSeek's",
    {
      apiKey: CANARY,
      account: { models: [`model-${CANARY}`, b64(CANARY)], balances: [{ currency: CANARY.slice(3, 15), total: CANARY.slice(-12) }] },
      inputs: { models: 'deepseek-chat', 'min-balance': '1' },
      status: 'low_balance',
    },
  ],

  // Malformed variants of the key.
  ['trailing newline', { apiKey: `${CANARY}\n`, status: 'malformed_key' }],
  ['CRLF and spaces around', { apiKey: `  ${CANARY}\r\n`, status: 'malformed_key' }],
  ['wrapping quotes', { apiKey: `"${CANARY}"`, status: 'malformed_key' }],
  ['typographic quotes', { apiKey: `\u201c${CANARY}\u201d`, status: 'malformed_key' }],
  ['Bearer prefix', { apiKey: `Bearer ${CANARY}`, status: 'malformed_key' }],
  ['.env assignment', { apiKey: `DEEPSEEK_API_KEY=${CANARY}`, status: 'malformed_key' }],
  ['export with quotes', { apiKey: `export DEEPSEEK_API_KEY="${CANARY}"\n`, status: 'malformed_key' }],
  ['rejected after cleaning', { apiKey: `${CANARY}\n`, account: null, status: 'malformed_key' }],
  ['broken across two lines', { apiKey: `${CANARY.slice(0, 18)}\n${CANARY.slice(18)}`, status: 'malformed_key' }],
  ['two keys on two lines', { apiKey: `${CANARY}\nsk-00000000000000000000000000000000`, status: 'malformed_key' }],
  ['a word next to the key', { apiKey: `key ${CANARY}`, status: 'malformed_key' }],
  ['a control character inside', { apiKey: `${CANARY.slice(0, 20)}\u0007${CANARY.slice(20)}`, status: 'malformed_key' }],
  ['a Cyrillic look-alike inside', { apiKey: CANARY.replace('a9e1', '\u04309e1'), secret: CANARY.replace('a9e1', '\u04309e1'), status: 'malformed_key' }],
  ['a zero-width space at the end', { apiKey: `${CANARY}\u200b`, status: 'malformed_key' }],
  ['far too long', { apiKey: CANARY.repeat(150), secret: CANARY.repeat(150), status: 'malformed_key' }],
  ['an OpenAI project key', { apiKey: `sk-proj-${CANARY.slice(3)}${CANARY.slice(3)}`, secret: `sk-proj-${CANARY.slice(3)}${CANARY.slice(3)}`, status: 'malformed_key' }],
  ['an OpenRouter key at a gateway', { apiKey: `sk-or-v1-${CANARY.slice(3)}`, secret: `sk-or-v1-${CANARY.slice(3)}`, status: 'ok' }],
  [
    'an OpenRouter key at DeepSeek itself (refused, not sent)',
    { apiKey: `sk-or-v1-${CANARY.slice(3)}`, secret: `sk-or-v1-${CANARY.slice(3)}`, baseUrl: 'https://api.deepseek.com', status: 'malformed_key' },
  ],
  ['an id:secret token (the id is part of the secret), sent whole', { apiKey: `gw7c3a9e1fb24d:${CANARY.slice(3)}`, secret: `gw7c3a9e1fb24d:${CANARY.slice(3)}`, status: 'ok' }],
  ['a gateway token of another shape, rejected', { apiKey: `gw_live_${CANARY.slice(3)}`, secret: `gw_live_${CANARY.slice(3)}`, account: null, status: 'invalid_key' }],

  // Bad inputs next to a real key, and a base-url that carries it.
  ['bad timeout-seconds', { apiKey: CANARY, inputs: { 'timeout-seconds': 'soon' }, status: '' }],
  ['bad models', { apiKey: CANARY, inputs: { models: `<${CANARY}>` }, status: '' }],
  ['bad min-balance', { apiKey: CANARY, inputs: { 'min-balance': CANARY }, status: '' }],
  ['bad on-missing-key and fail-on-outage', { apiKey: CANARY, inputs: { 'on-missing-key': CANARY, 'fail-on-outage': `${CANARY}\n` }, status: '' }],
  ['the key in models (inputs swapped)', { apiKey: CANARY, inputs: { models: CANARY }, status: '' }],
  [
    'a longer token in min-balance, cut to 40 characters',
    { apiKey: `gw_${CANARY.slice(3)}${CANARY.slice(3)}`, secret: `gw_${CANARY.slice(3)}${CANARY.slice(3)}`, inputs: { 'min-balance': `gw_${CANARY.slice(3)}${CANARY.slice(3)}` }, status: '' },
  ],
  ['base-url with the key in the query', { apiKey: CANARY, baseUrl: `https://api.deepseek.com/v1?api_key=${CANARY}`, status: '' }],
  ['base-url with the key as password', { apiKey: CANARY, baseUrl: `https://user:${CANARY}@api.deepseek.com`, status: '' }],
  ['base-url with the key in a fragment', { apiKey: CANARY, baseUrl: `https://api.deepseek.com#${CANARY}`, status: '' }],
  ['base-url with the key in the path', { apiKey: CANARY, baseUrl: `https://gateway.example.com/${CANARY}/v1`, status: '' }],
  ['base-url not a URL, with part of the key', { apiKey: CANARY, baseUrl: `api.deepseek.com/${CANARY.slice(5, 30)}`, status: '' }],

  // Proxies.
  ['through a CONNECT proxy', { apiKey: CANARY, proxy: 'tunnel', status: 'ok' }],
  ['through a proxy that answers 407', { apiKey: CANARY, proxy: '407', status: 'unreachable' }],
  ['through a proxy, 401 echoing the key', { apiKey: CANARY, proxy: 'tunnel', sim: { always: { kind: 'echo_key' } }, status: 'invalid_key' }],
];

// Leaks the scanner finds that only the redactor (src/core/secret/redact.ts, hardened separately) can
// fix. Marked failing so that the suite stays green and says so; each names the missing protection.

async function expectNoLeak(scenario: Scenario): Promise<void> {
  const run = await runScenario(scenario);
  const secret = scenario.secret ?? CANARY;
  if (scenario.status) expect(run.outputs.status).toBe(scenario.status);
  else expect(run.annotations.some((a) => a.properties.title?.startsWith('Invalid input: '))).toBe(true);

  // Masking comes first, and only there may the key be printed.
  const { maskLines, rest } = splitMasking(run);
  expect(findLeaks(rest, [secret], publicPrefix(secret))).toEqual([]);
  // Every form the key can take in output is itself masked: the input as given, trimmed, each
  // of its lines, and the key inside it. (The runner masks whole values: masking only the raw
  // input would leave the cleaned key in clear wherever it is printed.)
  const masks = maskLines.map((l) => commandData(l.slice('::add-mask::'.length)));
  for (const form of formsThatMustBeMasked(scenario.apiKey, secret)) expect(masks).toContain(form);
  // Never a stack trace.
  expect(rest).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe('the key never leaks', () => {
  it.concurrent.each(SCENARIOS)('%s', async (_name, scenario) => {
    await expectNoLeak(scenario);
  });

  it('the canary really is findable: an unredacted echo would be caught', () => {
    const fake = `::error::Authentication Fails ${CANARY.slice(5, 14)}`;
    expect(findLeaks(fake, [CANARY])).not.toEqual([]);
    expect(findLeaks(`x ${b64(`Bearer ${CANARY}`)} y`, [CANARY])).not.toEqual([]);
  });

  // The scanner is the oracle of this file: each encoding a leak could hide in, found.
  const slice = CANARY.slice(9, 17);
  it.each([
    ['upper case', `said ${CANARY.toUpperCase()}`],
    ['8 characters upper-cased', `said ${slice.toUpperCase()}`],
    ...[0, 1, 2].map((offset): [string, string] => [`base64 at byte offset ${offset}`, `x ${b64(`${'Bearer '.slice(0, offset)}${slice}`)} y`]),
    ...[0, 1, 2].map((offset): [string, string] => [`base64url at byte offset ${offset}`, `x ${Buffer.from(`${'ab'.slice(0, offset)}${slice}`).toString('base64url')} y`]),
    ['base64 in a longer blob', `token=${b64(`{"user":"x","key":"${CANARY}"}`)}`],
    ['hex', `x ${Buffer.from(slice).toString('hex')} y`],
    ['hex at a nibble offset', `x f${Buffer.from(`Q${slice}`).toString('hex')} y`],
    ['JSON \\u escapes', `"${[...slice].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`],
    ['percent-encoded', `?k=${[...slice].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`],
    ['workflow-command escaped', `::error::a%0A${slice.slice(0, 4)}%25${slice.slice(4)}`.replace('%25', '')],
    ['split by zero-width spaces', `said ${[...slice].join('\u200b')}`],
    ['split by a control character turned into a space', `said ${slice.slice(0, 4)} ${slice.slice(4)}`],
    ['split by C1 controls', `said ${[...slice].join('\u0090')}`],
    ['fullwidth', `said ${[...slice].map((c) => String.fromCodePoint(c.charCodeAt(0) + 0xfee0)).join('')}`],
    ['in a comma-separated list', `models: ${slice.slice(0, 3)}, ${slice.slice(3, 6)},${slice.slice(6)}`],
    ['split by a soft hyphen and a BOM', `said ${slice.slice(0, 3)}\u00ad${slice.slice(3, 6)}\ufeff${slice.slice(6)}`],
  ])('the scanner finds the key %s', (_name, text) => {
    expect(findLeaks(text, [CANARY])).not.toEqual([]);
  });

  it('the scanner does not cry wolf: 7 characters, or the public prefix alone, are no leak', () => {
    expect(findLeaks(`x ${CANARY.slice(9, 16)} y ${CANARY.slice(20, 27)}`, [CANARY])).toEqual([]);
    expect(findLeaks('an OpenAI sk-proj- key', ['sk-proj-abcdefghijkl'], 'sk-proj-')).toEqual([]);
  });

  it('the masking lines are the very first lines printed', async () => {
    const run = await runScenario({ apiKey: `"${CANARY}"\n`, account: null, status: 'malformed_key' });
    const lines = run.stdout.split('\n');
    const masks = lines.filter((l) => l.startsWith('::add-mask::'));
    expect(masks.length).toBeGreaterThanOrEqual(2);
    expect(lines.slice(0, masks.length)).toEqual(masks);
    expect(masks).toContain(`::add-mask::${CANARY}`);
    expect(run.stderr).not.toContain('::add-mask::');
  });
});
