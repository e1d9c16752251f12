import { checkBaseUrl, isLoopbackHost } from '../src/core/endpoint.js';
import { parseDecimal, compareDecimal } from '../src/core/decimal.js';

describe('checkBaseUrl', () => {
  it.each([
    ['', 'https://api.deepseek.com', true],
    ['https://api.deepseek.com/', 'https://api.deepseek.com', true],
    ['https://api.deepseek.com/v1', 'https://api.deepseek.com/v1', true],
    ['  https://api.deepseek.com/beta  ', 'https://api.deepseek.com/beta', true],
    ['https://gateway.example.com/deepseek/v1/', 'https://gateway.example.com/deepseek/v1', false],
    ['http://localhost:8080', 'http://localhost:8080', false],
    ['http://127.0.0.2:9000/x', 'http://127.0.0.2:9000/x', false],
    ['http://[::1]:9000', 'http://[::1]:9000', false],
  ])('%j is usable as %s', (raw, base, official) => {
    const check = checkBaseUrl(raw);
    expect(check.ok && check.endpoint).toMatchObject({ base, official });
  });

  it.each([
    ['api.deepseek.com', 'not_a_url'],
    ['ftp://api.deepseek.com', 'unsupported_scheme'],
    ['http://api.deepseek.com', 'plain_http'],
    ['http://10.0.0.5:8080', 'plain_http'],
    ['https://u:p@api.deepseek.com', 'credentials_in_url'],
    ['https://api.deepseek.com?x=1', 'query_or_fragment'],
    ['https://api.deepseek.com/chat/completions', 'endpoint_path'],
    ['https://api.deepseek.com/v1/models/', 'endpoint_path'],
    ['https://api.deepseek.com/user/balance', 'endpoint_path'],
    ['https://api.deepseek.com/anthropic', 'anthropic_surface'],
    ['https://api.openai.com/v1', 'other_provider'],
  ])('%j is refused (%s)', (raw, kind) => {
    const check = checkBaseUrl(raw);
    expect(check.ok ? undefined : check.problem.kind).toBe(kind);
  });

  it('never repeats credentials from the URL in its message', () => {
    const check = checkBaseUrl('https://admin:s3cr3t-pass@api.deepseek.com');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(JSON.stringify(check.problem)).not.toContain('s3cr3t');
  });

  it('knows loopback', () => {
    expect(['localhost', '127.0.0.1', '127.1.2.3', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', '192.168.1.1', 'localhost.example.com', '128.0.0.1', 'api.localhost'].some(isLoopbackHost)).toBe(false);
  });
});

describe('decimal amounts', () => {
  it('compares exactly at any scale', () => {
    const d = (s: string) => parseDecimal(s)!;
    expect(compareDecimal(d('110.00'), d('110'))).toBe(0);
    expect(compareDecimal(d('0.1'), d('0.10'))).toBe(0);
    expect(compareDecimal(d('110.001'), d('110.00'))).toBe(1);
    expect(compareDecimal(d('-1.5'), d('0'))).toBe(-1);
    expect(compareDecimal(d('99999999999999999999.99'), d('99999999999999999999.98'))).toBe(1);
  });
  it('rejects what is not a plain decimal', () => {
    expect(['', '1e3', '1,000.00', 'NaN', '1.2.3', ' . '].map(parseDecimal)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
