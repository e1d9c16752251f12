// The pure rules behind gateways: the `headers` input, undeclared inputs, who answered, model lists.
import { parseCliArgs } from '../src/cli/args.js';
import { endpointAnswered } from '../src/core/evidence/key-proof.js';
import { observe } from '../src/core/evidence/observation.js';
import type { EndpointProbe, HttpOutcome } from '../src/contract.js';
import { MODELS, response } from './helpers/answers.js';
import { parseHeaderLines, secretHeaderValues } from '../src/core/input/headers.js';
import { inputVariable, unknownInputs } from '../src/core/input/unknown-inputs.js';
import { parseInputs } from '../src/core/input/inputs.js';
import { headersAskedFor, identifyGateway, modelListOrigin } from '../src/core/evidence/gateway.js';

const KEY = 'sk-0123456789abcdef0123456789abcdef';
const TOKEN = 'Bearer cf-Q7mZ2pX9vK4rT8wL1nB6';

describe('the headers input', () => {
  it('reads one `Name: value` per line, names lower-cased, values trimmed, blank and # lines skipped', () => {
    const { headers, problems } = parseHeaderLines(`x-portkey-provider: deepseek\r\n\n# a comment\nCF-AIG-Authorization:   ${TOKEN}  \nx-config: {"a":"b:c"}`);
    expect(problems).toEqual([]);
    expect(headers).toEqual([
      { name: 'x-portkey-provider', value: 'deepseek' },
      { name: 'cf-aig-authorization', value: TOKEN },
      { name: 'x-config', value: '{"a":"b:c"}' },
    ]);
  });

  it.each([
    ['Authorization: Bearer x', 'the key goes in `api-key`'],
    ['proxy-authorization: Basic x', 'proxy settings come from `HTTPS_PROXY`'],
    ['Proxy-Connection: keep-alive', 'proxy settings come from `HTTPS_PROXY`'],
    ['Host: evil.example', 'set by the HTTP client'],
    ['Transfer-Encoding: chunked', 'set by the HTTP client'],
    ['Content-Length: 0', 'set by the HTTP client'],
    ['Connection: close', 'set by the HTTP client'],
    ['Cookie: session=1', 'a session cookie would authenticate the request without the key'],
    ['User-Agent: x', 'this action sets it itself'],
    ['no colon here', 'a line without `:`'],
    [': value', 'no name before `:`'],
    ['bad name(): value', 'is not a header name'],
    ['x-empty:', 'the value is empty'],
    ['x-cr: a\rb', 'control character'],
    ['x-nul: a\u0000b', 'control character'],
  ])('refuses %j, saying %j', (line, message) => {
    const { headers, problems } = parseHeaderLines(line);
    expect(headers).toEqual([]);
    expect(problems[0]?.message).toContain(message);
  });

  it('refuses a name given twice and more than 20 lines, with bounded work', () => {
    expect(parseHeaderLines('x-a: 1\nX-A: 2').problems[0]?.message).toContain('given twice');
    const many = Array.from({ length: 50_000 }, (_, i) => `x-h${i}: v`).join('\n');
    const started = Date.now();
    const parsed = parseHeaderLines(many);
    expect(parsed.headers.length).toBe(20);
    expect(parsed.problems).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('never shows a value in an error, and refuses the key in it without showing it', () => {
    const parsed = parseInputs({ 'api-key': KEY, headers: `bad name: ${TOKEN}\nx-empty-value-line` });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(JSON.stringify(parsed.errors)).not.toContain('cf-Q7mZ');
    expect(parsed.errors.map((e) => e.message)).toEqual([
      'Line 1: the name (not shown) is not a header name: use letters, digits and `-` only, such as `x-portkey-provider`.',
      'Line 2: a line without `:`. Write one header per line as `Name: value`, such as `x-portkey-provider: deepseek`.',
    ]);
    const withKey = parseInputs({ 'api-key': KEY, headers: `x-key: ${KEY}` });
    expect(withKey.ok).toBe(false);
    if (!withKey.ok) expect(withKey.errors[0]).toMatchObject({ input: 'headers', carriesKey: true });
  });

  it('treats long values as secrets, but not routing words or plain URLs (masking those would blank them job-wide)', () => {
    expect(secretHeaderValues(`x-portkey-provider: deepseek\nx-portkey-custom-host: http://127.0.0.1:8080\ncf-aig-authorization: ${TOKEN}\nx-u: https://u:p@host/x`)).toEqual([
      TOKEN,
      'https://u:p@host/x',
    ]);
  });

  it('is given on the command line as a repeatable --header', () => {
    const args = parseCliArgs(['--header', 'x-portkey-provider: deepseek', `--header=cf-aig-authorization: ${TOKEN}`]);
    expect(args).toMatchObject({ ok: true, inputs: { headers: `x-portkey-provider: deepseek\ncf-aig-authorization: ${TOKEN}` } });
    expect(parseCliArgs(['--headr', 'x: y'])).toMatchObject({ ok: false, error: 'unknown option "--headr". Did you mean --header?' });
  });
});

describe('undeclared inputs', () => {
  it('names each the way the runner does (upper case, spaces to `_`, hyphens kept)', () => {
    expect(inputVariable('api-key')).toBe('INPUT_API-KEY');
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT');
  });

  it('finds the ones the action does not declare, and the closest declared input', () => {
    expect(unknownInputs(['PATH', 'INPUT_API-KEY', 'INPUT_MODELS', 'INPUT_MODEL', 'INPUT_TIMEOUT', 'INPUT_BASE_URL', 'INPUT_HEADER', 'INPUT_ZZZZZZZZZZZZ'])).toEqual([
      { name: 'model', closest: 'models' },
      { name: 'timeout', closest: 'timeout-seconds' },
      { name: 'base_url', closest: 'base-url' },
      { name: 'header', closest: 'headers' },
      { name: 'zzzzzzzzzzzz' },
    ]);
  });

  it('makes each a blocking input error that says what to write', () => {
    const parsed = parseInputs({ 'api-key': KEY }, ['INPUT_API-KEY', 'INPUT_MODEL']);
    expect(parsed).toEqual({
      ok: false,
      errors: [{ input: 'model', message: '`model` is not an input of this action, so it would be ignored. Did you mean `models`? Write `models:` in `with:`.' }],
    });
  });
});

describe('who answered', () => {
  it('names a gateway by its response headers, its own refusal, or its host', () => {
    expect(identifyGateway('gw.example', ['content-type', 'x-portkey-trace-id'])).toBe('Portkey');
    expect(identifyGateway('gw.example', ['cf-aig-cache-status'])).toBe('Cloudflare AI Gateway');
    expect(identifyGateway('gw.example', [], { status: 'failure', message: 'Either x-portkey-config or x-portkey-provider header is required' })).toBe('Portkey');
    expect(identifyGateway('openrouter.ai')).toBe('OpenRouter');
    expect(identifyGateway('deepseek.helicone.ai')).toBe('Helicone');
    expect(identifyGateway('gw.example', ['server'], { error: 'x' })).toBeUndefined();
  });

  it('reads the headers a gateway asks for from its refusal', () => {
    expect(headersAskedFor('Either x-portkey-config or x-portkey-provider header is required')).toEqual(['x-portkey-config', 'x-portkey-provider']);
    expect(headersAskedFor('Model is required')).toEqual([]);
  });
});

describe('model lists', () => {
  it("tells DeepSeek's, only OpenAI's, and other providers' lists apart", () => {
    expect(modelListOrigin(['gpt-4', 'deepseek/deepseek-chat'])).toBe('has_deepseek');
    expect(modelListOrigin(['gpt-4', 'davinci-002', 'text-embedding-3-small', 'whisper-1', 'o1-mini'])).toBe('openai_only');
    expect(modelListOrigin(['claude-3', 'gpt-4'])).toBe('other_providers');
  });
});

const probe = (path: string, final: HttpOutcome, anonymous = false): EndpointProbe => ({ path, outcomes: [final], final, ...(anonymous ? { anonymous: true as const } : {}) });
const NETWORK: HttpOutcome = { kind: 'network', failure: 'refused', code: 'ECONNREFUSED' };

describe('an outage is an outage only when the endpoint gave no usable answer', () => {
  it('a keyed answer that is not an outage, or key-less content, is a usable answer', () => {
    const down = { models: probe('/models', response(503, {})), balance: probe('/user/balance', NETWORK) };
    expect(endpointAnswered(down)).toBe(false);
    // A key-less 401 is a refusal, not an answer.
    expect(endpointAnswered({ ...down, anonymous: { models: probe('/models', response(401, {}), true) } })).toBe(false);
    expect(endpointAnswered({ ...down, anonymous: { models: probe('/models', MODELS, true) } })).toBe(true);
    expect(endpointAnswered({ ...down, balance: probe('/user/balance', response(404, {})) })).toBe(true);
    expect(endpointAnswered({ ...down, keyInfo: { keyed: probe('/key', response(429, {})), anonymous: probe('/key', response(404, {}), true) } })).toBe(false);
  });

  it("reads the upstream's 401 through a gateway's 500, and quotes a plain-text 5xx", () => {
    const relayed = observe(probe('/models', response(500, { error: { message: 'Upstream returned 401: Authentication Fails, Your api key: ****dead is invalid' } })), 'models', (t) => t);
    expect(relayed).toMatchObject({ kind: 'auth_failed', status: 500, relayed: true });
    const text: HttpOutcome = { kind: 'response', status: 502, body: 'fetch failed: connect ECONNREFUSED 10.0.0.5:443', tooLarge: false, headerNames: ['x-portkey-provider'] };
    expect(observe(probe('/models', text), 'models', (t) => t)).toMatchObject({ kind: 'server_error', message: 'fetch failed: connect ECONNREFUSED 10.0.0.5:443', gateway: 'Portkey' });
    expect(observe(probe('/models', response(500, { error: 'Model is required' })), 'models', (t) => t)).toMatchObject({ kind: 'server_error', message: 'Model is required' });
  });
});
