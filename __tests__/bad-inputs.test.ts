// Bad inputs, table-driven: every input, written wrong in every way we could think of (empty,
// whitespace, wrong type, negative, huge, Unicode, injection attempts). Each must give a message
// that names the input and says what to write instead — never a stack trace, never the key.
import type { HttpOutcome } from '../src/contract.js';
import { diagnose } from '../src/core/verdict/diagnose.js';
import { inspectKey } from '../src/core/secret/key-inspection.js';
import { parseInputs, type RawInputs, type Settings } from '../src/core/input/inputs.js';
import { planProbe } from '../src/core/verdict/plan.js';
import { makeRedactor } from '../src/core/secret/redact.js';
import { startSimulator } from '../src/simulator/server.js';
import { renderAnnotations } from '../src/render/annotations.js';
import { renderOutputs } from '../src/render/outputs.js';
import { renderSummary } from '../src/render/summary.js';

import { runAction, type ActionRun, type Inputs } from './helpers/run-action.js';

const KEY = 'sk-0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a';
const VALID: RawInputs = { 'api-key': KEY, 'base-url': 'https://api.deepseek.com' };

type Row = [input: string, value: string, mustSay: RegExp];

/** Inputs that parseInputs checks: each row must give exactly one error, for that input. */
const PARSED: Row[] = [
  ['timeout-seconds', 'soon', /Write a number from 1 to 600/],
  ['timeout-seconds', '-5', /Write a number from 1 to 600/],
  ['timeout-seconds', '0', /out of range.*Write a number from 1 to 600/],
  ['timeout-seconds', '0.2', /out of range/],
  ['timeout-seconds', '601', /out of range/],
  ['timeout-seconds', '9'.repeat(5000), /out of range/],
  ['timeout-seconds', '1e3', /Write a number/],
  ['timeout-seconds', '20s', /Write a number/],
  ['timeout-seconds', '2 0', /Write a number/],
  ['timeout-seconds', '２０', /Write a number/],
  ['timeout-seconds', 'NaN', /Write a number/],
  ['timeout-seconds', 'Infinity', /Write a number/],
  ['timeout-seconds', '20\n::error::x', /Write a number/],
  ['retries', '-1', /whole number from 0 to 10/],
  ['retries', '2.5', /whole number/],
  ['retries', '11', /too many.*0 to 10/],
  ['retries', '99999999999999999999999', /too many/],
  ['retries', 'three', /whole number/],
  ['retries', 'true', /whole number/],
  ['retries', '٣', /whole number/],
  ['on-missing-key', 'never', /Write `auto`, `fail` or `skip`/],
  ['on-missing-key', 'skip,fail', /Write `auto`/],
  ['on-missing-key', 'ａｕｔｏ', /Write `auto`/],
  ['on-missing-key', 'auto\n::set-output name=x::1', /Write `auto`/],
  ['fail-on-outage', 'yes', /Write `true` or `false`/],
  ['fail-on-outage', '1', /Write `true` or `false`/],
  ['fail-on-outage', 'tRuE', /Write `true` or `false`/],
  ['fail-on-outage', 'false\n::error::x', /Write `true` or `false`/],
  ['models', 'deepseek chat', /List ids such as `deepseek-v4-pro`/],
  ['models', '<img src=x>', /List ids/],
  ['models', 'deepseek-chat;rm -rf /', /List ids/],
  ['models', '../../etc/passwd', /List ids/],
  ['models', 'm'.repeat(129), /List ids/],
  ['models', Array.from({ length: 51 }, (_, i) => `model-${i}`).join(','), /at most 50/],
  ['models', 'deepseek-chat\n::error::x y', /List ids/],
  ['models', 'déepseek-chat', /List ids/],
  ['min-balance', '-5', /non-negative number/],
  ['min-balance', 'five', /Write a non-negative number/],
  ['min-balance', '5 CNY USD', /min-balance: 10 CNY/],
  ['min-balance', 'CNY 5 USD', /min-balance: 10 CNY/],
  ['min-balance', '5 EURO', /non-negative number/],
  ['min-balance', '1e3', /non-negative number/],
  ['min-balance', '1'.repeat(40), /non-negative number/],
  ['min-balance', '5.123456789', /non-negative number/],
  ['min-balance', '¥5', /non-negative number/],
  ['min-balance', '5\n::add-mask::x', /non-negative number/],
  // The key pasted into the wrong input is refused without being shown.
  ['models', KEY, /contains the API key.*`models: deepseek-v4-pro`/],
  ['min-balance', `${KEY} CNY`, /contains the API key.*`min-balance: 5`/],
  ['base-url', `https://api.deepseek.com/?key=${KEY}`, /contains the API key.*`base-url: https:\/\/api\.deepseek\.com`/],
];

/** base-url is checked into an endpoint problem (it names `base-url` and the URL to write). */
const BASE_URLS: Row[] = [
  ['base-url', 'api.deepseek.com', /not a URL.*Write a full URL/],
  ['base-url', 'http://api.deepseek.com', /plain.*Use .*https:/],
  ['base-url', 'ftp://api.deepseek.com', /scheme.*base-url: https:\/\/api\.deepseek\.com/],
  ['base-url', 'javascript:alert(1)', /scheme/],
  ['base-url', 'https://user:pass@api.deepseek.com', /user name or password.*Remove/],
  ['base-url', 'https://api.deepseek.com/chat/completions', /endpoint path.*base-url: https:\/\/api\.deepseek\.com/],
  ['base-url', 'https://api.deepseek.com/v1?x=1', /query or fragment.*Write the base without/],
  ['base-url', 'https://api.openai.com/v1', /OpenAI/],
  ['base-url', 'https://api.deepseek.com/anthropic', /Anthropic/],
  ['base-url', 'https://api.deepseek.com\n::error::x', /not a URL|base-url/],
  ['base-url', 'https://ａｐｉ.deepseek.com:99999', /not a URL/],
];

/** api-key problems are findings before any request: they name the secret and what to paste. */
const API_KEYS: Row[] = [
  ['api-key', '', /api-key input is empty.*DEEPSEEK_API_KEY/],
  ['api-key', '   \n', /api-key input is empty/],
  ['api-key', 'null', /the word `?null.*paste only the key/],
  ['api-key', '${{ secrets.DEEPSEEK_API_KEY }}', /literal text.*paste only the key/],
  ['api-key', 'sk-abc', /only 6 characters.*paste only the key/],
  ['api-key', `${KEY}\n::error::x`, /lines.*paste only the key/],
  ['api-key', `${KEY.slice(0, 10)}\u202e${KEY.slice(10)}`, /outside ASCII|control/],
];

/** Rows with a short printable label for the test title (some values are thousands of characters). */
function titled(rows: Row[]): Array<[string, string, string, RegExp]> {
  return rows.map(([input, value, mustSay]) => [input, value.length > 40 ? `${JSON.stringify(value.slice(0, 30))}… (${value.length} characters)` : JSON.stringify(value), value, mustSay]);
}

function messagesFor(raw: RawInputs): { errors: { input: string; message: string }[]; problem?: string } {
  const result = parseInputs(raw);
  if (!result.ok) return { errors: result.errors };
  const { settings } = result;
  const findings = planProbe(settings, inspectKey(settings.apiKey), {}, Date.now()).findings;
  const problem = findings.map((f) => `${f.title}: ${f.cause.plain} ${f.fix.map((x) => x.plain).join(' ')}`).join(' | ');
  return { errors: [], problem };
}

describe('every bad input gets a message naming it and saying what to write', () => {
  it('the table is big enough', () => {
    expect(PARSED.length + BASE_URLS.length + API_KEYS.length).toBeGreaterThanOrEqual(30);
    const covered = new Set([...PARSED, ...BASE_URLS, ...API_KEYS].map(([input]) => input));
    expect([...covered].sort()).toEqual(['api-key', 'base-url', 'fail-on-outage', 'min-balance', 'models', 'on-missing-key', 'retries', 'timeout-seconds']);
  });

  it.each(titled(PARSED))('%s: %s', (input, _label, value, mustSay) => {
    const { errors } = messagesFor({ ...VALID, [input]: value });
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error?.input).toBe(input);
    expect(error?.message).toMatch(mustSay);
    // Says what to write, in one line, short, without the raw value's line breaks or the key.
    expect(error?.message).toMatch(/Write|List|write/);
    expect(error?.message).not.toMatch(/[\r\n]/);
    expect(error?.message.length).toBeLessThan(400);
    expect(error?.message).not.toContain(KEY.slice(3, 11));
  });

  it.each(titled(BASE_URLS))('%s: %s', (_input, _label, value, mustSay) => {
    const { errors, problem } = messagesFor({ ...VALID, 'base-url': value });
    expect(errors).toEqual([]);
    expect(problem).toMatch(/`base-url`|base-url/);
    expect(problem).toMatch(mustSay);
    expect(problem).toMatch(/Write|Use|Remove|Set/);
    expect(problem).not.toMatch(/[\r\n]/);
    expect(problem).toMatch(/The key was not sent/);
  });

  it.each(titled(API_KEYS))('%s: %s', (_input, _label, value, mustSay) => {
    const { errors, problem } = messagesFor({ ...VALID, 'api-key': value });
    expect(errors).toEqual([]);
    expect(problem).toMatch(/api-key|secret/);
    expect(problem).toMatch(mustSay);
    expect(problem).not.toContain(KEY.slice(3, 11));
  });

  it('reports every bad input at once, each by name', () => {
    const result = parseInputs({ ...VALID, 'timeout-seconds': 'x', retries: 'y', 'on-missing-key': 'z', 'fail-on-outage': 'w', models: '<v>', 'min-balance': 'u' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.input).sort()).toEqual(['fail-on-outage', 'min-balance', 'models', 'on-missing-key', 'retries', 'timeout-seconds']);
  });

  it('never throws, whatever the inputs', () => {
    const weird = ['', ' ', '\u0000', '\ud800', '💥'.repeat(1000), 'x'.repeat(100_000), '\n'.repeat(50), '%0A::error::x'];
    for (const value of weird) {
      for (const name of ['api-key', 'base-url', 'models', 'min-balance', 'timeout-seconds', 'retries', 'on-missing-key', 'fail-on-outage']) {
        expect(() => messagesFor({ ...VALID, [name]: value })).not.toThrow();
      }
    }
  });
});

function expectNoStackTrace(run: ActionRun): void {
  const everything = run.everything;
  expect(everything).not.toMatch(/^\s+at /m);
  expect(everything).not.toMatch(/\b(Type|Range|Syntax|Reference)?Error: /);
  expect(everything).not.toMatch(/node:internal|\.js:\d+:\d+/);
}

describe('bad inputs end to end', () => {
  it.concurrent.each([
    ['timeout-seconds', { 'timeout-seconds': '20\n::error::x' }],
    ['retries', { retries: '-1' }],
    ['on-missing-key', { 'on-missing-key': 'sometimes' }],
    ['fail-on-outage', { 'fail-on-outage': 'yes please' }],
    ['models', { models: 'deepseek chat' }],
    ['min-balance', { 'min-balance': '-5 CNY' }],
    ['base-url', { 'base-url': `https://api.deepseek.com?k=${KEY}` }],
  ] as Array<[string, Inputs]>)('%s', async (name, inputs) => {
    const run = await runAction({ 'api-key': KEY, 'base-url': 'https://api.deepseek.com', ...inputs });
    expect(run.exitCode).toBe(1);
    const errors = run.annotations.filter((a) => a.command === 'error');
    expect(errors.map((a) => a.properties.title)).toEqual([`Invalid input: ${name}`]);
    expect(errors[0]?.message).toMatch(new RegExp(`^${name}: `));
    expect(run.outputs.ok).toBe('false');
    expect(run.outputs.message).toContain(name);
    expect(run.commands.filter((c) => !['add-mask', 'error'].includes(c.command))).toEqual([]);
    expectNoStackTrace(run);
    expect(
      run.everything
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain(KEY.slice(3, 11));
  });
});

/** Every run of 8 characters of `key`, lower case: what must never be readable in what is shown. */
function keyRuns(key: string): string[] {
  const runs: string[] = [];
  for (let i = 0; i + 8 <= key.length; i++) runs.push(key.slice(i, i + 8).toLowerCase());
  return runs;
}

/** The first 8-character run of the key in `shown` (case ignored, Markdown escapes and zero-width spaces removed). */
function keyRunIn(shown: string, key: string = KEY): string | undefined {
  const readable = shown
    .replace(/\\([\p{P}\p{S}])/gu, '$1')
    .replace(/\u200b/g, '')
    .toLowerCase();
  return keyRuns(key).find((run) => readable.includes(run));
}

const ok = (body: unknown): HttpOutcome => ({ kind: 'response', status: 200, body: JSON.stringify(body), tooLarge: false });
const MODELS_200 = ok({ object: 'list', data: [{ id: 'deepseek-v4-pro', object: 'model', owned_by: 'deepseek' }] });
const BALANCE_200 = ok({ is_available: true, balance_infos: [{ currency: 'USD', total_balance: '5.00', granted_balance: '0.00', topped_up_balance: '5.00' }] });
const NOT_FOUND: HttpOutcome = { kind: 'response', status: 404, body: '{"detail":"Not Found"}', tooLarge: false };

/** Everything a user would see from these settings and these answers: summary, annotations, outputs. */
function everythingShown(settings: Settings, models: HttpOutcome = MODELS_200, balance: HttpOutcome = BALANCE_200): string {
  const inspection = inspectKey(settings.apiKey);
  const probe = { models: { path: '/models', outcomes: [models], final: models }, balance: { path: '/user/balance', outcomes: [balance], final: balance } };
  const d = diagnose({ now: Date.now(), settings, inspection, context: {}, plan: planProbe(settings, inspection, {}, Date.now()), redact: makeRedactor(inspection.secretForms), probe });
  const annotations = renderAnnotations(d, settings.failOnOutage).map((a) => `${a.title} ${a.message}`);
  return [renderSummary(d, {}), ...annotations, ...Object.values(renderOutputs(d)), d.headline.plain, ...Object.values(d.checks).map((c) => c.detail.plain)].join('\n');
}

function settingsFor(raw: RawInputs): Settings {
  const parsed = parseInputs({ ...VALID, ...raw });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.settings;
}

// The README promises that no 8 consecutive characters of the key are shown. An input holding 16 or
// more is refused; one holding 8 to 15 is used as written, and shown with those characters cut.
describe('8 to 15 characters of the key in another input are used, but never shown', () => {
  const fifteen = KEY.slice(3, 18);

  it.each([
    ['timeout-seconds', `${fifteen}`],
    ['retries', `x${fifteen}`],
    ['on-missing-key', `${fifteen.toUpperCase()}`],
    ['fail-on-outage', `${fifteen}`],
    ['min-balance', `${fifteen} CNY`],
    ['models', `bad id ${fifteen}`],
  ])('%s: the error message cuts them', (input, value) => {
    const result = parseInputs({ ...VALID, [input]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(keyRunIn(result.errors.map((e) => e.message).join('\n'))).toBeUndefined();
  });

  it.each([
    ['plain http', `http://gw.example.com/${fifteen}`],
    ['a query', `https://gw.example.com/v1?token=${fifteen}`],
    ['an endpoint path', `https://gw.example.com/${fifteen}/chat/completions`],
    ['not a URL', `gw.example.com/${fifteen}`],
    ['a host', `https://${fifteen}.example.com:99999`],
  ])('base-url with %s: the wrong_endpoint finding cuts them', (_name, baseUrl) => {
    const settings = settingsFor({ 'base-url': baseUrl });
    expect(settings.baseUrl.ok).toBe(false);
    expect(keyRunIn(everythingShown(settings))).toBeUndefined();
  });

  it('base-url used for the probe: the checks table and a 404 finding cut them', () => {
    const settings = settingsFor({ 'base-url': `https://gw.example.com/${fifteen}/v1` });
    expect(settings.baseUrl.ok && settings.baseUrl.endpoint.base).toBe(`https://gw.example.com/${fifteen}/v1`);
    expect(keyRunIn(everythingShown(settings))).toBeUndefined();
    expect(keyRunIn(everythingShown(settings, NOT_FOUND))).toBeUndefined();
  });

  it('a host name: the network finding cuts them', () => {
    const settings = settingsFor({ 'base-url': `https://${fifteen}.example.com` });
    expect(keyRunIn(everythingShown(settings, { kind: 'network', failure: 'dns', code: 'ENOTFOUND' }))).toBeUndefined();
  });

  it('a model id: the heading, the finding and the checks table cut them', () => {
    const settings = settingsFor({ models: `deepseek-v4-pro, m.${fifteen}` });
    expect(settings.models).toEqual(['deepseek-v4-pro', `m.${fifteen}`]);
    const shown = everythingShown(settings);
    expect(shown).toContain('model_unavailable');
    expect(keyRunIn(shown)).toBeUndefined();
  });

  it('min-balance: the threshold shown next to the balance cuts them', () => {
    // A hex key often has a run of 8 decimal digits; a min-balance of exactly those is shown cut.
    const digitsKey = 'sk-0d9e8f7a12345678903e2f1a0b9c8d7e';
    const threshold = '123456789';
    const raw = { ...VALID, 'api-key': digitsKey, 'min-balance': threshold };
    const parsed = parseInputs(raw);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const rich = ok({ is_available: true, balance_infos: [{ currency: 'USD', total_balance: '999999999.00', granted_balance: '0.00', topped_up_balance: '999999999.00' }] });
    for (const balance of [BALANCE_200, rich]) expect(keyRunIn(everythingShown(parsed.settings, MODELS_200, balance), digitsKey)).toBeUndefined();
  });

  it('a key that contains "deepseek" does not make the default base-url or a realistic model id invalid', () => {
    const gatewayToken = 'gw-deepseek-team-7f3a9c1e5b2d4f60';
    for (const raw of [
      { models: 'deepseek-v4-pro' },
      { models: 'deepseek-chat,deepseek-reasoner' },
      { 'base-url': 'https://api.deepseek.com' },
      { 'base-url': 'https://gateway.example.com/deepseek/v1' },
      {},
    ]) {
      const result = parseInputs({ 'api-key': gatewayToken, ...raw });
      expect(result.ok).toBe(true);
    }
  });
});

describe('bad inputs end to end: part of the key in base-url and models', () => {
  it('a probe through a base-url holding 15 key characters shows none of them', async () => {
    const fifteen = KEY.slice(10, 25);
    const sim = await startSimulator({ accounts: { [KEY]: {} }, prefix: `/${fifteen}` });
    try {
      const run = await runAction({ 'api-key': KEY, 'base-url': sim.url, models: `deepseek-v4-pro,m.${fifteen}` });
      expect(sim.url).toContain(fifteen);
      expect(sim.requests.length).toBeGreaterThan(0);
      expect(run.outputs.status).toBe('model_unavailable');
      const shown = run.everything
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      expect(keyRunIn(shown)).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});

// Model ids from the `models` input are shown in the summary heading and the checks table: they are
// escaped there like every other value, so an id cannot be a link or emphasis.
describe('model ids from the inputs are escaped in the summary', () => {
  it.each(['https://evil.example/x_y_z_', 'www.evil.example/a', 'a__b__c', 'org/model_v1_', 'user@evil.example'])('%s', (id) => {
    const settings = settingsFor({ models: id });
    const inspection = inspectKey(KEY);
    const probe = { models: { path: '/models', outcomes: [MODELS_200], final: MODELS_200 }, balance: { path: '/user/balance', outcomes: [BALANCE_200], final: BALANCE_200 } };
    const d = diagnose({ now: Date.now(), settings, inspection, context: {}, plan: planProbe(settings, inspection, {}, Date.now()), redact: makeRedactor(inspection.secretForms), probe });
    expect(d.status).toBe('model_unavailable');
    const summary = renderSummary(d, {});
    const heading = summary.split('\n')[0] ?? '';
    const modelsRow = summary.split('\n').find((l) => l.startsWith('| Models |')) ?? '';
    for (const line of [heading, modelsRow]) {
      expect(line).not.toContain('://');
      expect(line).not.toMatch(/www\./);
      expect(line).not.toMatch(/(^|[^\\])[_*[\]]/);
      expect(line).not.toMatch(/@(?!\u200b)/);
    }
  });
});
