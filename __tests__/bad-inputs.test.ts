// Bad inputs, table-driven: every input, written wrong in every way we could think of (empty,
// whitespace, wrong type, negative, huge, Unicode, injection attempts). Each must give a message
// that names the input and says what to write instead — never a stack trace, never the key.
import { inspectKey } from '../src/core/key-inspection.js';
import { parseInputs, type RawInputs } from '../src/core/inputs.js';
import { planProbe } from '../src/core/plan.js';
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
    expect(run.everything.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain(KEY.slice(3, 11));
  });
});
