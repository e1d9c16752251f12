// The pure core: facts in, verdict out, no network and no module mocks.
import type { HttpOutcome, ProbeResult, SendRequest } from '../src/contract.js';
import { diagnose, type DiagnosisInput } from '../src/core/verdict/diagnose.js';
import { parseInputs, type RawInputs, type Settings } from '../src/core/input/inputs.js';
import { inspectKey } from '../src/core/secret/key-inspection.js';
import { planProbe } from '../src/core/verdict/plan.js';
import { makeRedactor } from '../src/core/secret/redact.js';
import { STATUSES, findingBlocks, priorityOf } from '../src/core/verdict/status.js';

const blocks = (status: (typeof STATUSES)[number], failOnOutage: boolean): boolean => findingBlocks({ status, place: { kind: 'remote' } }, failOnOutage);

import { BALANCE, MODELS, response } from './helpers/answers.js';
import type { ProbeClock } from '../src/probe/probe.js';
import { runPreflight } from '../src/preflight.js';
import { renderAnnotations } from '../src/render/annotations.js';
import { renderOutputs } from '../src/render/outputs.js';
import { renderSummary } from '../src/render/summary.js';
import { withheldReason, secretsUrls } from '../src/action/run-context.js';
import { findApiKeyLine, workflowPathFromRef } from '../src/action/workflow-location.js';

const KEY = 'sk-0123456789abcdef0123456789abcdef';
const NOW = Date.parse('2026-11-29T12:00:00Z');

function settings(raw: RawInputs = {}): Settings {
  const parsed = parseInputs({ 'api-key': KEY, ...raw });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.settings;
}

const UNAUTHORIZED = response(401, {
  error: { message: `Authentication Fails, Your api key: ****${KEY.slice(-4)} is invalid`, type: 'authentication_error', param: null, code: 'invalid_request_error' },
});

function probe(models: HttpOutcome, balance: HttpOutcome = BALANCE): ProbeResult {
  return { models: { path: '/models', outcomes: [models], final: models }, balance: { path: '/user/balance', outcomes: [balance], final: balance } };
}

function run(partial: Partial<DiagnosisInput> & { raw?: RawInputs } = {}) {
  const s = settings({ ...partial.raw });
  const inspection = partial.inspection ?? inspectKey(s.apiKey);
  const plan = planProbe(partial.settings ?? s, inspection, partial.context ?? {}, NOW);
  return diagnose({ settings: s, inspection, context: {}, plan, redact: makeRedactor(inspection.secretForms), probe: probe(MODELS), ...partial, now: partial.now ?? NOW });
}

describe('the blocking rule', () => {
  it('blocks every status but ok and skipped; outages only with fail-on-outage', () => {
    const blocking = STATUSES.filter((s) => blocks(s, false));
    expect(blocking).toEqual(['missing_key', 'malformed_key', 'invalid_key', 'expired_token', 'insufficient_balance', 'low_balance', 'model_unavailable', 'forbidden', 'wrong_endpoint']);
    expect(STATUSES.filter((s) => blocks(s, true))).toEqual(STATUSES.filter((s) => s !== 'ok' && s !== 'skipped'));
  });
  it('orders a missing key before a malformed one before a revoked one before an empty balance', () => {
    const order = ['missing_key', 'malformed_key', 'invalid_key', 'insufficient_balance'] as const;
    expect(order.map(priorityOf)).toEqual([...order.map(priorityOf)].sort((a, b) => a - b));
  });
});

describe('diagnose', () => {
  it('a working key: ok, every check passes, outputs filled', () => {
    const d = run();
    expect(d.status).toBe('ok');
    expect(Object.fromEntries(Object.entries(d.checks).map(([name, c]) => [name, c.result]))).toEqual({
      secret: 'pass',
      format: 'pass',
      endpoint: 'pass',
      authentication: 'pass',
      balance: 'pass',
      models: 'pass',
    });
    expect(renderOutputs(d)).toEqual({
      status: 'ok',
      ok: 'true',
      'http-status': '200',
      'key-fingerprint': 'sk-…cdef',
      balance: '110.00 CNY',
      models: 'deepseek-v4-pro,deepseek-chat',
      message: 'The DeepSeek API key sk-…cdef works.',
    });
    expect(renderAnnotations(d, false)).toEqual([]);
  });

  it('a 401 is invalid_key with http-status 401, even if the other probe had an outage', () => {
    const d = run({ probe: probe(UNAUTHORIZED, response(503, {})) });
    expect(d.status).toBe('invalid_key');
    expect(d.httpStatus).toBe(401);
    expect(d.findings.map((f) => f.status)).toEqual(['invalid_key', 'server_error']);
    expect(d.blocking).toBe(true);
  });

  it("a 404 from DeepSeek's own host at the default base: the way there is the cause, and base-url is never offered back as it is", () => {
    const notFound = response(404, { error: { message: 'Not Found' } });
    const d = run({ probe: probe(notFound, notFound) });
    expect(d.status).toBe('wrong_endpoint');
    expect(d.findings[0]?.place).toEqual({ kind: 'runner', variable: 'the network path' });
    const words = [d.findings[0]?.cause.plain, ...(d.findings[0]?.fix.map((f) => f.plain) ?? [])].join(' ');
    expect(words).not.toMatch(/Write "base-url: https:\/\/api\.deepseek\.com"|not the current value/);
    expect(words).toContain('an intercepting proxy or an egress filter');
  });

  it('a gateway 429 is not worded as DeepSeek, and a permanent failure blocks by its fix place', () => {
    const limited: HttpOutcome = response(429, { error: { message: 'slow down' } });
    const d = run({ raw: { 'base-url': 'https://openrouter.ai/api/v1' }, settings: settings({ 'base-url': 'https://openrouter.ai/api/v1' }), probe: probe(limited, limited) });
    expect(d.findings[0]?.title).toBe('OpenRouter is rate-limiting this key');
    expect(JSON.stringify(d.findings[0])).not.toContain('status.deepseek.com');
    const noSuchHost: HttpOutcome = { kind: 'network', failure: 'dns', code: 'ENOTFOUND' };
    const gw = settings({ 'base-url': 'https://gateway.example.com/v1' });
    const dns = run({ raw: { 'base-url': 'https://gateway.example.com/v1' }, settings: gw, probe: probe(noSuchHost, noSuchHost) });
    expect(dns).toMatchObject({ status: 'unreachable', blocking: true });
    expect(dns.findings[0]?.place).toEqual({ kind: 'input', input: 'base-url' });
  });

  it('an outage alone: not blocking by default, and the key is not judged', () => {
    const outage: HttpOutcome = { kind: 'network', failure: 'timeout', code: 'DEADLINE' };
    const d = run({ probe: probe(outage, outage) });
    expect(d).toMatchObject({ status: 'unreachable', blocking: false, keyJudged: false });
    expect(d.httpStatus).toBeUndefined();
    expect(d.advisories[0]?.title).toBe('This run could not check the key');
    expect(renderAnnotations(d, false).map((a) => a.level)).toEqual(['warning', 'warning']);
    const strict = run({ probe: probe(outage, outage), settings: settings({ 'fail-on-outage': 'true' }) });
    expect(strict.blocking).toBe(true);
  });

  it('no probe when the key is not usable: malformed_key, nothing checked past the format', () => {
    const s = settings({ 'api-key': 'null' });
    const inspection = inspectKey('null');
    const d = diagnose({ now: Date.now(), settings: s, inspection, context: {}, plan: planProbe(s, inspection, {}, NOW), redact: (x) => x });
    expect(d.status).toBe('malformed_key');
    expect(d.checks.authentication).toMatchObject({ result: 'skip' });
    expect(d.httpStatus).toBeUndefined();
  });

  it('missing key: fork pull requests and Dependabot are skipped under auto, failed under fail', () => {
    const s = settings({ 'api-key': '' });
    const inspection = inspectKey('');
    const at = (context: DiagnosisInput['context'], raw: RawInputs = {}) => {
      const atSettings = { ...s, ...settings({ 'api-key': '', ...raw }) };
      return diagnose({ now: Date.now(), settings: atSettings, inspection, context, plan: planProbe(atSettings, inspection, context, NOW), redact: (x) => x }).status;
    };
    expect(at({})).toBe('missing_key');
    expect(at({ withheld: 'fork_pull_request' })).toBe('skipped');
    expect(at({ withheld: 'dependabot' })).toBe('skipped');
    expect(at({ withheld: 'dependabot' }, { 'on-missing-key': 'fail' })).toBe('missing_key');
    expect(at({}, { 'on-missing-key': 'skip' })).toBe('skipped');
  });

  it('allows a minute of clock skew on nbf', () => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = (nbf: number) => `${part({ alg: 'HS256' })}.${part({ nbf, exp: NOW / 1000 + 86400 * 30 })}.sig`;
    const at = (nbf: number) => {
      const s = settings({ 'api-key': token(nbf) });
      const inspection = inspectKey(s.apiKey);
      return diagnose({ now: Date.now(), settings: s, inspection, context: {}, plan: planProbe(s, inspection, {}, NOW), redact: (x) => x }).findings.map((f) => f.status);
    };
    expect(at(NOW / 1000 + 30)).not.toContain('expired_token');
    expect(at(NOW / 1000 + 600)).toContain('expired_token');
  });

  it('tells a token that is not valid yet from an expired one by kind, under the one public status', () => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const kindOf = (claims: object) => {
      const s = settings({ 'api-key': `${part({ alg: 'HS256' })}.${part(claims)}.sig` });
      const inspection = inspectKey(s.apiKey);
      const d = diagnose({ now: Date.now(), settings: s, inspection, context: {}, plan: planProbe(s, inspection, {}, NOW), redact: (x) => x });
      return [d.status, d.findings[0]?.kind];
    };
    expect(kindOf({ nbf: NOW / 1000 + 600 })).toEqual(['expired_token', 'token_not_yet_valid']);
    expect(kindOf({ exp: NOW / 1000 - 600 })).toEqual(['expired_token', 'token_expired']);
  });

  it('redacts the key from anything the server says', () => {
    const echo = response(401, { error: { message: `bad key ${KEY} (${Buffer.from(KEY).toString('base64')})` } });
    const d = run({ probe: probe(echo, echo) });
    const everything = renderSummary(d, {}) + JSON.stringify(renderAnnotations(d, false)) + JSON.stringify(renderOutputs(d));
    expect(everything).not.toContain(KEY.slice(3, 11));
    expect(everything).not.toContain(Buffer.from(KEY).toString('base64').slice(0, 12));
  });

  it('the summary has the verdict, the checks table, numbered fix steps and where keys are managed', () => {
    const md = renderSummary(run({ probe: probe(UNAUTHORIZED, UNAUTHORIZED) }), { secretsUrl: 'https://github.com/acme/shop/settings/secrets/actions' });
    expect(md).toMatch(/^## ❌ DeepSeek preflight: DeepSeek rejected the API key — the deploy is blocked\./);
    for (const label of ['Secret present', 'Key format', 'Endpoint', 'Authentication', 'Balance', 'Models']) expect(md).toContain(`| ${label} |`);
    expect(md).toMatch(/\n1\. .*\n2\. .*\n3\. /);
    expect(md).toContain('https://platform.deepseek.com/api_keys');
    expect(md).toContain('https://github.com/acme/shop/settings/secrets/actions');
  });
});

describe('the key is proven, or the result is not ok', () => {
  const GATEWAY = { 'base-url': 'https://gateway.example.com/api/v1' };
  const PUBLIC_MODELS = response(200, { data: [{ id: 'deepseek/deepseek-v4-pro', name: 'DeepSeek V4 Pro' }] });
  const NOT_FOUND = response(404, { error: { message: 'Not Found', code: 404 } });
  const NO_CREDENTIALS = response(401, { error: { message: 'No auth credentials found', code: 401 } });
  const KEY_INFO = response(200, { data: { label: 'sk-or-v1-abc...def', limit: null, usage: 0.25, is_free_tier: false } });
  const BAD_BODY = response(400, { error: { message: 'Input required: specify "prompt" or "messages"', code: 400 } });
  const one = (path: string, outcome: HttpOutcome, anonymous = false) => ({ path, outcomes: [outcome], final: outcome, ...(anonymous ? { anonymous: true as const } : {}) });
  const pair = (path: string, keyed: HttpOutcome, anonymous: HttpOutcome) => ({ keyed: one(path, keyed), anonymous: one(path, anonymous, true) });
  const publicGateway = (extra: Partial<ProbeResult> = {}): ProbeResult => ({
    models: one('/models', PUBLIC_MODELS),
    balance: one('/user/balance', NOT_FOUND),
    anonymous: { models: one('/models', PUBLIC_MODELS, true) },
    ...extra,
  });
  const atGateway = (p: ProbeResult, raw: RawInputs = {}) => run({ settings: settings({ ...GATEWAY, ...raw }), probe: p });

  it('a public /models and no /user/balance is not ok: it blocks, whatever fail-on-outage says', () => {
    const d = atGateway(publicGateway({ keyInfo: pair('/key', NOT_FOUND, NOT_FOUND), chat: pair('/chat/completions', BAD_BODY, BAD_BODY) }));
    expect(d).toMatchObject({ status: 'wrong_endpoint', ok: false, blocking: true, keyJudged: false });
    expect(d.findings[0]?.title).toBe('This endpoint does not let us verify keys without spending tokens');
    expect(d.httpStatus).toBeUndefined();
    expect(d.findings[0]?.cause.plain).toContain('"GET /models" answered 200 with and without a key, so its answer says nothing about the key');
    expect(d.findings[0]?.cause.plain).toContain('"POST /chat/completions" with a body that can never run answered 400 with and without a key (this endpoint checks the body before the key)');
    expect(d.checks.authentication).toEqual({ result: 'fail', detail: expect.objectContaining({ plain: 'not proven: this endpoint does not let us verify keys without spending tokens' }) });
    expect(renderAnnotations(d, false)[0]).toMatchObject({ level: 'error', title: 'This endpoint does not let us verify keys without spending tokens' });
    expect(d.headline.plain).toBe('This endpoint does not let us verify keys without spending tokens — the deploy is blocked.');
  });

  it("off DeepSeek's host, answers without their key-less counterparts never make ok", () => {
    // What the probe returned before the proof existed: only the two requests with the key.
    const d = atGateway(probe(PUBLIC_MODELS, NOT_FOUND));
    expect(d.status).toBe('wrong_endpoint');
    expect(d.ok).toBe(false);
  });

  it('a model list that only a key gets is proof, and the checks table says which request proved it', () => {
    const d = atGateway(publicGateway({ anonymous: { models: one('/models', NO_CREDENTIALS, true) } }));
    expect(d.status).toBe('ok');
    expect(d.checks.authentication.detail.plain).toBe('accepted: "GET /models" answered 200 with the model list; without a key it answers 401');
    expect(d.advisories.map((a) => a.title)).toContain('Balance not available at this endpoint');
  });

  it('GET /key is proof', () => {
    const d = atGateway(publicGateway({ keyInfo: pair('/key', KEY_INFO, NO_CREDENTIALS) }));
    expect(d).toMatchObject({ status: 'ok', keyJudged: true });
    expect(d.checks.authentication.detail.plain).toBe('accepted: "GET /key" answered 200 with the key\'s details; without a key it answers 401');
    expect(renderSummary(d, {})).toContain("| Authentication | ✅ pass | accepted: `GET /key` answered 200 with the key's details; without a key it answers 401 |");
  });

  it('the chat body that cannot run is proof when it gets past authentication', () => {
    const d = atGateway(publicGateway({ keyInfo: pair('/key', NOT_FOUND, NOT_FOUND), chat: pair('/chat/completions', BAD_BODY, NO_CREDENTIALS) }));
    expect(d.status).toBe('ok');
    expect(d.checks.authentication.detail.plain).toBe('accepted: "POST /chat/completions" with a body that can never run answered 400, past authentication; without a key it answers 401');
  });

  it('a 401 or 402 to the proof requests is the verdict about the key, naming the request', () => {
    const rejected = atGateway(publicGateway({ keyInfo: pair('/key', response(401, { error: { message: 'User not found.', code: 401 } }), NO_CREDENTIALS) }));
    expect(rejected).toMatchObject({ status: 'invalid_key', httpStatus: 401 });
    expect(rejected.findings[0]?.cause.plain).toMatch(/^"GET \/key" answered 401/);
    const broke = atGateway(
      publicGateway({ keyInfo: pair('/key', NOT_FOUND, NOT_FOUND), chat: pair('/chat/completions', response(402, { error: { message: 'Insufficient credits', code: 402 } }), NO_CREDENTIALS) }),
    );
    expect(broke.status).toBe('insufficient_balance');
    expect(broke.findings[0]?.cause.plain).toMatch(/^"POST \/chat\/completions" answered 402/);
  });

  it('an outage on only the proof requests of an endpoint that answered others proves nothing: unproven, blocking', () => {
    const d = atGateway(publicGateway({ keyInfo: pair('/key', response(503, {}), response(503, {})) }));
    expect(d).toMatchObject({ status: 'wrong_endpoint', keyJudged: false, blocking: true });
    expect(d.findings[0]?.kind).toBe('key_unproven');
  });

  it("on DeepSeek's own host a balance is proof, and the table says so", () => {
    expect(run().checks.authentication.detail.plain).toBe('accepted: "GET /user/balance" answered 200 with a balance');
  });
});

describe('run context', () => {
  it('tells fork pull requests and Dependabot runs apart from the rest', () => {
    const fork = { pull_request: { head: { repo: { full_name: 'x/shop', fork: true } }, base: { repo: { full_name: 'acme/shop' } } } };
    const same = { pull_request: { head: { repo: { full_name: 'acme/shop', fork: false } }, base: { repo: { full_name: 'acme/shop' } } } };
    expect(withheldReason({ GITHUB_EVENT_NAME: 'pull_request' }, fork)).toBe('fork_pull_request');
    expect(withheldReason({ GITHUB_EVENT_NAME: 'pull_request' }, same)).toBeUndefined();
    expect(withheldReason({ GITHUB_EVENT_NAME: 'pull_request_target' }, fork)).toBeUndefined();
    expect(withheldReason({ GITHUB_EVENT_NAME: 'pull_request' }, { pull_request: { head: { repo: null }, base: { repo: { full_name: 'acme/shop' } } } })).toBe('fork_pull_request');
    expect(withheldReason({ GITHUB_ACTOR: 'dependabot[bot]', GITHUB_EVENT_NAME: 'push' }, undefined)).toBe('dependabot');
    // A branch pull request inside a repository that is itself a fork gets secrets: not withheld.
    const inForkedRepo = { pull_request: { head: { repo: { full_name: 'me/shop', fork: true } }, base: { repo: { full_name: 'me/shop' } } } };
    expect(withheldReason({ GITHUB_EVENT_NAME: 'pull_request' }, inForkedRepo)).toBeUndefined();
  });
  it('builds the secrets links only from sane values', () => {
    expect(secretsUrls({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop' }).secretsUrl).toBe('https://github.com/acme/shop/settings/secrets/actions');
    expect(secretsUrls({ GITHUB_SERVER_URL: 'javascript:alert(1)', GITHUB_REPOSITORY: 'acme/shop' })).toEqual({});
  });
  it('finds the workflow file and the api-key line of our step', () => {
    expect(workflowPathFromRef('acme/shop/.github/workflows/ci.yml@refs/heads/main')).toBe('.github/workflows/ci.yml');
    expect(workflowPathFromRef('acme/shop/.github/workflows/../../etc/passwd@x')).toBeUndefined();
    const ours = { repository: 'acme/deepseek-preflight' };
    const job = (steps: string[]): string => ['on: push', 'jobs:', '  check:', '    runs-on: x', '    steps:', ...steps.map((l) => `      ${l}`)].join('\n');
    const yaml = job(['- uses: other/action@v1', '  with:', '    api-key: x', '- uses: acme/deepseek-preflight@v1', '  with:', '    api-key: ${{ secrets.K }}']);
    expect(findApiKeyLine(yaml, ours)).toBe(11);
    expect(findApiKeyLine(job(['- run: true']), ours)).toBeUndefined();
    // Two steps of this action: GITHUB_ACTION (the step's id) picks the right one.
    const two = job([
      '- id: staging',
      '  uses: acme/deepseek-preflight@v1',
      '  with:',
      '    api-key: ${{ secrets.A }}',
      '- id: production',
      '  uses: acme/deepseek-preflight@v1',
      '  with:',
      '    api-key: ${{ secrets.B }}',
    ]);
    expect(findApiKeyLine(two, { ...ours, action: 'production' })).toBe(13);
    expect(findApiKeyLine(two, { ...ours, action: 'staging' })).toBe(9);
    // A made-up name (the steps have ids, so it is not theirs) tells neither: no line.
    expect(findApiKeyLine(two, { ...ours, action: '__acme_deepseek-preflight' })).toBeUndefined();
  });
});

describe('the plan is decided once', () => {
  it('a token that expires during a slow probe is judged by the plan the probe ran under', async () => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    // Valid when the run starts, expired 5 s later; each request takes 10 s of virtual time.
    const token = `${part({ alg: 'HS256' })}.${part({ exp: NOW / 1000 + 5 })}.sig`;
    let now = NOW;
    const clock: ProbeClock = { now: () => now, random: () => 0.5, sleep: async (ms) => void (now += ms) };
    const requests: string[] = [];
    const send: SendRequest = async (url) => {
      requests.push(new URL(url).pathname);
      now += 10_000;
      return new URL(url).pathname === '/models' ? MODELS : BALANCE;
    };
    const s = settings({ 'api-key': token });
    const inspection = inspectKey(s.apiKey);
    const diagnosis = await runPreflight(s, { inspection, redact: makeRedactor(inspection.secretForms) }, {}, { createClient: () => ({ send, close: async () => {}, network: {} }), clock });
    expect(requests.length).toBeGreaterThan(0);
    expect(diagnosis.status).not.toBe('expired_token');
    expect(diagnosis.findings.map((f) => f.status)).not.toContain('expired_token');
    expect(diagnosis.checks.authentication.result).toBe('pass');
  });
});
