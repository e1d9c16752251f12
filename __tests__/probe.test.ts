// The retry policy with a virtual clock: what is retried, how long it waits, and that it never
// waits past the deadline. (The real network paths are covered against the simulator.)
import { UNRUNNABLE_CHAT_BODY, type HttpOutcome, type SendRequest } from '../src/contract.js';
import { probeDeepSeek } from '../src/preflight.js';
import { backoffMs, openProbeSession, parseRetryAfter, type ProbeClock } from '../src/probe/probe.js';
import { classifyNetworkError } from '../src/probe/http-get.js';

const ok = (body: unknown): HttpOutcome => ({ kind: 'response', status: 200, body: JSON.stringify(body), tooLarge: false });
const status = (code: number, extra: Partial<Extract<HttpOutcome, { kind: 'response' }>> = {}): HttpOutcome => ({ kind: 'response', status: code, body: '{}', tooLarge: false, ...extra });
const MODELS = ok({ object: 'list', data: [{ id: 'deepseek-v4-pro', object: 'model', owned_by: 'deepseek' }] });
const BALANCE = ok({ is_available: true, balance_infos: [] });

function virtualClock(random = 0.5) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const clock: ProbeClock = {
    now: () => now,
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { clock, sleeps, start: now };
}

/** Answers each path from its own script; the last answer repeats. */
function scripted(script: Record<string, HttpOutcome[]>) {
  const calls: string[] = [];
  const get: SendRequest = async (url) => {
    const path = new URL(url).pathname;
    calls.push(path);
    const answers = script[path] ?? [];
    return answers.length > 1 ? answers.shift()! : answers[0]!;
  };
  return { get, calls };
}

// The retry policy as on DeepSeek's own host: two requests, both with the key.
const options = (start: number, extra = {}) => ({ base: 'http://127.0.0.1:1', key: 'sk-test', deadlineAt: start + 20_000, retries: 2, official: true, ...extra });

describe('probeDeepSeek', () => {
  it('probes both endpoints once when they answer', async () => {
    const { clock, sleeps, start } = virtualClock();
    const { get, calls } = scripted({ '/models': [MODELS], '/user/balance': [BALANCE] });
    const result = await probeDeepSeek(options(start), get, clock);
    expect(calls.sort()).toEqual(['/models', '/user/balance']);
    expect(result.models.outcomes).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('never retries a 401, and a 401 stops the other probe from retrying', async () => {
    const { clock, start } = virtualClock();
    const { get, calls } = scripted({ '/models': [status(401)], '/user/balance': [status(503)] });
    const result = await probeDeepSeek(options(start), get, clock);
    expect(calls.filter((c) => c === '/models')).toHaveLength(1);
    expect(result.balance.outcomes.length).toBeLessThanOrEqual(2);
  });

  it.each([402, 403, 404, 400])('never retries a %d', async (code) => {
    const { clock, start } = virtualClock();
    const { get, calls } = scripted({ '/models': [status(code)], '/user/balance': [BALANCE] });
    await probeDeepSeek(options(start), get, clock);
    expect(calls.filter((c) => c === '/models')).toHaveLength(1);
  });

  it('retries 429, 5xx and network errors with exponential backoff and jitter', async () => {
    const { clock, sleeps, start } = virtualClock(1);
    const { get } = scripted({ '/models': [status(500), status(502), MODELS], '/user/balance': [BALANCE] });
    const result = await probeDeepSeek(options(start), get, clock);
    expect(result.models.final).toEqual(MODELS);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const { clock, sleeps, start } = virtualClock();
    const date = new Date(start + 4000).toUTCString();
    const { get } = scripted({ '/models': [status(429, { retryAfter: '2' }), MODELS], '/user/balance': [status(429, { retryAfter: date }), BALANCE] });
    await probeDeepSeek(options(start), get, clock);
    // One virtual clock: the date is read after the other probe's 2 s wait, so 2 s remain of it.
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('stops after `retries` retries', async () => {
    const { clock, start } = virtualClock();
    const { get, calls } = scripted({ '/models': [status(503)], '/user/balance': [{ kind: 'network', failure: 'refused', code: 'ECONNREFUSED' }] });
    const result = await probeDeepSeek(options(start, { retries: 3 }), get, clock);
    expect(calls.filter((c) => c === '/models')).toHaveLength(4);
    expect(calls.filter((c) => c === '/user/balance')).toHaveLength(4);
    expect(result.models.gaveUp).toBe('retries');
  });

  it('never sleeps past the deadline, and says when Retry-After asked for too long', async () => {
    const { clock, sleeps, start } = virtualClock();
    const { get } = scripted({ '/models': [status(429, { retryAfter: '60' })], '/user/balance': [status(503)] });
    const result = await probeDeepSeek(options(start, { deadlineAt: start + 1200, retries: 5 }), get, clock);
    expect(result.models).toMatchObject({ gaveUp: 'retry_after_beyond_deadline', retryAfterSeconds: 60 });
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThan(1200);
  });

  it('does not retry TLS failures or a proxy refusal', async () => {
    const { clock, start } = virtualClock();
    const { get, calls } = scripted({
      '/models': [{ kind: 'network', failure: 'tls', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }],
      '/user/balance': [{ kind: 'network', failure: 'proxy', code: 'PROXY_REFUSED', proxyStatus: 407 }],
    });
    await probeDeepSeek(options(start), get, clock);
    expect(calls).toHaveLength(2);
  });
});

interface Sent {
  readonly what: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** Answers by "METHOD path" for requests with a key and "anonymous METHOD path" for those without; the last answer repeats. 'hang' waits for the abort. */
function gateway(script: Record<string, (HttpOutcome | 'hang')[]>) {
  const sent: Sent[] = [];
  const get: SendRequest = async (url, headers, signal, body) => {
    const what = `${headers.authorization === undefined ? 'anonymous ' : ''}${body === undefined ? 'GET' : 'POST'} ${new URL(url).pathname}`;
    sent.push({ what, headers, ...(body !== undefined ? { body } : {}) });
    const answers = script[what] ?? [status(404)];
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (answer !== 'hang') return answer;
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ kind: 'network', failure: 'timeout', code: 'DEADLINE' }), { once: true }));
  };
  return { get, sent, whats: () => sent.map((s) => s.what).sort() };
}

const KEY_INFO = ok({ data: { label: 'sk-or-v1-abc...def', limit: null, limit_remaining: null, usage: 0.25, is_free_tier: false } });
const offHost = (start: number, extra = {}) => options(start, { official: false, ...extra });

describe("proving the key off DeepSeek's own host", () => {
  it('sends GET /models a second time, at once, with no credential of any kind', async () => {
    const { clock, start } = virtualClock();
    const { get, sent, whats } = gateway({ 'GET /models': [MODELS], 'GET /user/balance': [status(404)], 'anonymous GET /models': [status(401)] });
    const result = await probeDeepSeek(offHost(start), get, clock);
    expect(whats()).toEqual(['GET /models', 'GET /user/balance', 'anonymous GET /models']);
    for (const request of sent.filter((s) => s.what.startsWith('anonymous'))) {
      expect(Object.keys(request.headers).sort()).toEqual(['accept', 'user-agent']);
      expect(JSON.stringify(request)).not.toContain('sk-test');
    }
    // /models refuses a request without a key: its list proves the key; nothing more is asked.
    expect(result.keyInfo).toBeUndefined();
    expect(result.chat).toBeUndefined();
  });

  it("on DeepSeek's own host sends only the two requests, both with the key", async () => {
    const { clock, start } = virtualClock();
    const { get, sent } = gateway({ 'GET /models': [MODELS], 'GET /user/balance': [BALANCE] });
    await probeDeepSeek(options(start), get, clock);
    expect(sent.map((s) => s.what).sort()).toEqual(['GET /models', 'GET /user/balance']);
  });

  it('asks GET /key, with and without the key, when /models answers anyone', async () => {
    const { clock, start } = virtualClock();
    const { get, whats } = gateway({ 'GET /models': [MODELS], 'anonymous GET /models': [MODELS], 'GET /key': [KEY_INFO], 'anonymous GET /key': [status(401)] });
    const result = await probeDeepSeek(offHost(start), get, clock);
    expect(whats()).toEqual(['GET /key', 'GET /models', 'GET /user/balance', 'anonymous GET /key', 'anonymous GET /models']);
    expect(result.keyInfo?.keyed.final).toEqual(KEY_INFO);
    expect(result.chat).toBeUndefined();
  });

  it('then POSTs a chat body that can never run, with and without the key', async () => {
    const { clock, start } = virtualClock();
    const { get, sent } = gateway({ 'GET /models': [MODELS], 'anonymous GET /models': [MODELS], 'POST /chat/completions': [status(400)], 'anonymous POST /chat/completions': [status(401)] });
    const result = await probeDeepSeek(offHost(start), get, clock);
    const chats = sent.filter((s) => s.what.endsWith('POST /chat/completions'));
    expect(chats).toHaveLength(2);
    expect(UNRUNNABLE_CHAT_BODY).toBe('{}');
    for (const chat of chats) expect(chat).toMatchObject({ body: '{}', headers: { 'content-type': 'application/json' } });
    expect(chats.find((c) => c.what.startsWith('anonymous'))?.headers.authorization).toBeUndefined();
    expect(result.chat?.keyed.final).toMatchObject({ status: 400 });
  });

  it('a 401 without a key is no verdict: the requests with the key carry on and retry', async () => {
    const { clock, start } = virtualClock();
    const { get, sent } = gateway({ 'GET /models': [status(503), MODELS], 'GET /user/balance': [status(503), BALANCE], 'anonymous GET /models': [status(401)] });
    const result = await probeDeepSeek(offHost(start), get, clock);
    expect(sent.filter((s) => s.what === 'GET /models')).toHaveLength(2);
    expect(result.models.final).toEqual(MODELS);
  });

  it('a 401 with the key stops everything, the requests without a key included', async () => {
    const { clock, start } = virtualClock();
    const { get, whats } = gateway({ 'GET /models': [status(401)], 'GET /user/balance': ['hang'], 'anonymous GET /models': ['hang'] });
    const result = await probeDeepSeek(offHost(start), get, clock);
    expect(result.anonymous?.models.cancelled).toBe(true);
    expect(result.balance.cancelled).toBe(true);
    expect(whats()).not.toContain('GET /key');
  });
});

describe('retry arithmetic', () => {
  it('backs off between half and all of base·2^n, capped', () => {
    expect(backoffMs(0, 0)).toBe(250);
    expect(backoffMs(0, 1)).toBe(500);
    expect(backoffMs(3, 1)).toBe(4000);
    expect(backoffMs(10, 1)).toBe(8000);
  });
  it('reads Retry-After', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(' 0 ', 0)).toBe(0);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
  });
});

describe('network error classification', () => {
  const wrapped = (code: string, message = 'fetch failed') => Object.assign(new Error(message), { code: 'UND_ERR_SOCKET', cause: Object.assign(new Error('x'), { code }) });
  it.each([
    [wrapped('ENOTFOUND'), 'dns'],
    [wrapped('EAI_AGAIN'), 'dns'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'refused'],
    [wrapped('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
    [wrapped('ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
    [Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'timeout'],
    [Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), 'reset'],
    [wrapped('ECONNRESET'), 'reset'],
    [Object.assign(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), { code: 'UND_ERR_ABORTED' }), 'proxy'],
    [new Error('weird'), 'other'],
  ])('%s → %s', (error, failure) => {
    expect(classifyNetworkError(error, false).failure).toBe(failure);
  });
  it('a passed deadline wins over whatever undici threw', () => {
    expect(classifyNetworkError(new Error('aborted'), true)).toEqual({ kind: 'network', failure: 'timeout', code: 'DEADLINE' });
  });
  it('keeps the proxy status', () => {
    expect(classifyNetworkError(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), false).proxyStatus).toBe(407);
  });
});

describe('the attempt budget of one run (openProbeSession)', () => {
  it('counts attempts over the whole run: a request asked again gets only what is left of its budget', async () => {
    const { clock, start } = virtualClock();
    const { get, whats } = gateway({ 'anonymous GET /key': [status(503)] });
    const session = openProbeSession(options(start, { retries: 10 }), get, clock);
    const first = await session.ask('keyInfo', false);
    expect(first.outcomes).toHaveLength(2);
    expect(first.gaveUp).toBe('retries');
    await expect(session.ask('keyInfo', false)).rejects.toThrow(/GET \/key without a key is not to be asked/);
    expect(whats()).toEqual(['anonymous GET /key', 'anonymous GET /key']);
    session.close();
  });

  it('never sends the balance request without a key', async () => {
    const { clock, start } = virtualClock();
    const { get, sent } = gateway({});
    const session = openProbeSession(options(start), get, clock);
    await expect(session.ask('balance', false)).rejects.toThrow(/GET \/user\/balance without a key/);
    expect(sent).toEqual([]);
    session.close();
  });
});
