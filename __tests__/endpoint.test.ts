import { checkBaseUrl, isLoopbackHost, normaliseHost } from '../src/core/input/base-url.js';
import { lookalikeOf } from '../src/core/input/look-alike.js';
import { parseDecimal, compareDecimal } from '../src/core/input/decimal.js';

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

describe('host rules compare one normalised host', () => {
  // WHATWG URL lower-cases, decodes percent-escapes and punycodes the host; a trailing dot is left.
  it.each([
    ['https://api.openai.com./v1', 'other_provider'],
    ['https://API.OpenAI.COM/v1', 'other_provider'],
    ['https://api%2Eopenai%2Ecom/v1', 'other_provider'],
    ['https://%61pi.openai.com/v1', 'other_provider'],
    ['https://api.ｏpenai.com/v1', 'other_provider'],
    ['https://eu.api.openai.com/v1', 'other_provider'],
    ['https://api.anthropic.com./v1', 'other_provider'],
    ['https://api.deepseek.com./anthropic', 'anthropic_surface'],
    ['https://API.DEEPSEEK.COM/Anthropic', 'anthropic_surface'],
    ['https://api.deepseek.com/%61nthropic', 'anthropic_surface'],
    ['https://api.deepseek.com//anthropic/', 'anthropic_surface'],
    ['https://api.deepseek.com/v1/%2e%2e/anthropic', 'anthropic_surface'],
    ['https://api%2Edeepseek%2Ecom/anthropic/v1', 'anthropic_surface'],
    ['https://api.deepseek.com/v1/%6Dodels', 'endpoint_path'],
  ])('%j is refused as %s', (raw, kind) => {
    const check = checkBaseUrl(raw);
    expect(check.ok ? 'accepted' : check.problem.kind).toBe(kind);
  });

  it('a trailing dot or upper case still names the official host', () => {
    for (const raw of ['https://api.deepseek.com.', 'https://API.DeepSeek.com./v1', 'https://api.deepseek.com:443']) {
      const check = checkBaseUrl(raw);
      expect(check.ok && check.endpoint).toMatchObject({ host: 'api.deepseek.com', official: true });
    }
    expect(normaliseHost('Api.DeepSeek.com..')).toBe('api.deepseek.com');
  });
});

describe('look-alikes of api.deepseek.com', () => {
  it.each([
    ['https://api.de\u0435pseek.com', 'confusable', 'api.xn--depseek-8gg.com'],
    ['https://api.deep\u0455eek.com/v1', 'confusable', 'api.xn--deepeek-mog.com'],
    ['https://\u0430pi.d\u0435\u0435pseek.com', 'confusable', 'xn--pi-6kc.xn--dpseek-3ofa.com'],
    ['https://api.deeps\u00e9ek.com', 'confusable', 'api.xn--deepsek-fya.com'],
    ['https://api.deepseek.c0m', 'confusable', 'api.deepseek.c0m'],
    ['https://api.deep5eek.com', 'confusable', 'api.deep5eek.com'],
    ['https://api.deepseek.corn', 'confusable', 'api.deepseek.corn'],
    // cl read as d (docs/endpoint-rules.md): two edits away, so only the confusable rule sees it.
    ['https://api.cleepseek.com', 'confusable', 'api.cleepseek.com'],
    ['https://api-deepseek.com', 'one_edit', 'api-deepseek.com'],
    ['https://apideepseek.com/v1', 'one_edit', 'apideepseek.com'],
    ['https://api.deepseek.co', 'one_edit', 'api.deepseek.co'],
    ['https://api.deepseeek.com', 'one_edit', 'api.deepseeek.com'],
    ['https://api.deepsek.com', 'one_edit', 'api.deepsek.com'],
    ['https://api.deespeek.com', 'one_edit', 'api.deespeek.com'],
    ['https://deepseek.co', 'one_edit', 'deepseek.co'],
    ['https://api.deepseek.com.evil.net', 'deepseek_prefix', 'api.deepseek.com.evil.net'],
    ['https://api.deepseek.com-secure.app/v1', 'deepseek_prefix', 'api.deepseek.com-secure.app'],
    ['https://login.deepseek.com.evil.net', 'deepseek_prefix', 'login.deepseek.com.evil.net'],
    ['https://api.deepseek.ai', 'other_ending', 'api.deepseek.ai'],
    ['https://deepseek.ai/v1', 'other_ending', 'deepseek.ai'],
    ['https://api.deepseek.cn', 'other_ending', 'api.deepseek.cn'],
    ['https://deepseek.co.uk', 'other_ending', 'deepseek.co.uk'],
    // Characters TR39 lists as confusable but the table does not map (U+2CA3 for p, U+AB32 and
    // U+2C89 for e): every non-ASCII character may stand for a letter, however many the table lacks.
    ['https://api.dee\u2ca3s\uab32ek.com:18080', 'confusable', 'api.xn--deesek-5t8du317g.com'],
    ['https://api.d\uab32\uab32pseek.com', 'confusable', 'api.xn--dpseek-wy3wa.com'],
    ['https://api.dee\u2ca3\u2ca3seek.com', 'one_edit', 'api.xn--deeseek-z17ea.com'],
    ['https://api.dee\u2ca3se\u2c89k.com', 'confusable', 'api.xn--deesek-0o8dqh.com'],
    ['https://d\uab32\uab32\u2ca3s\uab32ek.com', 'confusable', 'xn--dsek-ge0cs988eac.com'],
    ['https://api.dee\u2ca3seeek.com', 'one_edit', 'api.xn--deeseeek-t96f.com'],
    ['https://api.dee\u2ca3s\uab32ek.ai', 'other_ending', 'api.xn--deesek-5t8du317g.ai'],
  ])('%s is refused (%s), named, with the official URL to write', (raw, reason, host) => {
    const check = checkBaseUrl(raw);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problem.kind).toBe('lookalike_host');
    expect(lookalikeOf(host)).toBe(reason);
    expect(check.problem.cause.plain).toContain(`"${host}"`);
    expect(check.problem.fix[0]?.plain).toContain('base-url: https://api.deepseek.com');
  });

  it.each([
    ['https://api.open\u0430i.com/v1', 'OpenAI'],
    ['https://api.\u0430nthropic.com', 'Anthropic'],
    ['https://api.open\u2c81i.com/v1', 'OpenAI'],
    ['https://\u2c81pi.\u2c81nthr\u2c9fpic.com', 'Anthropic'],
  ])("%s imitates %s's domain: refused", (raw, provider) => {
    const check = checkBaseUrl(raw);
    expect(check.ok ? '' : check.problem.kind).toBe('lookalike_host');
    expect(check.ok ? '' : check.problem.cause.plain).toContain(`imitates ${provider}'s domain`);
  });

  it('shows the Unicode spelling of a punycode look-alike next to what it really is', () => {
    const check = checkBaseUrl('https://api.de\u0435pseek.com');
    expect(check.ok ? '' : check.problem.cause.plain).toContain('"api.xn--depseek-8gg.com" (displayed as "api.de\u0435pseek.com")');
  });

  it.each(['https://deepseek.com', 'https://www.deepseek.com/v1', 'https://platform.deepseek.com', 'https://chat.deepseek.com'])("%s is DeepSeek's web site, not its API", (raw) => {
    const check = checkBaseUrl(raw);
    expect(check.ok ? '' : check.problem.kind).toBe('deepseek_website');
    expect(check.ok ? '' : check.problem.fix[0]?.plain).toContain('base-url: https://api.deepseek.com');
  });

  // Gateways and compatible servers: names that merely contain "deepseek", or nothing like it.
  it.each([
    'https://openrouter.ai/api/v1',
    'https://api.together.xyz/v1',
    'http://localhost:4000',
    'http://127.0.0.1:4000/v1',
    'https://deepseek-proxy.internal.corp',
    'https://deepseek.corp.example',
    'https://deepseek.gateway.example.com/v1',
    'https://deepseek.internal',
    'https://deepseek.local:8443',
    'https://api.deepseek.intranet',
    'https://deepseek.home.arpa',
    'https://api.deepseek.acme.com',
    'https://deepseek.company.com',
    'https://llm.acme.com/deepseek/v1',
    'https://deepseek-api.com',
    'https://mydeepseek.com',
    'https://deepspeed.ai',
    'https://api.groq.com/openai/v1',
    'https://router.huggingface.co/v1',
    'https://api.siliconflow.cn/v1',
    'https://api.deepinfra.com/v1/openai',
    'https://api.fireworks.ai/inference/v1',
    'https://dashscope.aliyuncs.com/compatible-mode/v1',
    'https://deepseek.openai.azure.com/openai/v1',
    'https://status.deepseek.com',
    'https://10.0.0.5:8443',
    // IDN gateways: their non-ASCII characters may stand for letters, but too many of them, or
    // ASCII letters that do not line up, are not DeepSeek's name.
    'https://\u7f51\u5173.example.cn/v1',
    'https://api.\u6df1\u5ea6\u6c42\u7d22.com/v1',
    'https://api.\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587.com',
    'https://deepseek.\u516c\u53f8.cn',
    'https://m\u00fcnchen-gateway.de/v1',
  ])('%s is not a look-alike', (raw) => {
    const check = checkBaseUrl(raw);
    expect(check.ok ? 'accepted' : `${check.problem.kind}: ${check.problem.cause.plain}`).toBe('accepted');
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
