// The pure decision: which answers prove a key, and which only look like they do.
import type { EndpointProbe, HttpOutcome } from '../src/contract.js';
import { needsFurtherProof, nextProofRequest, proveKey, type ProofEvidence } from '../src/core/evidence/key-proof.js';

const response = (status: number, body: unknown = {}): HttpOutcome => ({ kind: 'response', status, body: JSON.stringify(body), tooLarge: false });
const probe = (path: string, outcome: HttpOutcome, extra: Partial<EndpointProbe> = {}): EndpointProbe => ({ path, outcomes: [outcome], final: outcome, ...extra });

const MODELS = response(200, { object: 'list', data: [{ id: 'deepseek-v4-pro', object: 'model', owned_by: 'deepseek' }] });
const BALANCE = response(200, { is_available: true, balance_infos: [{ currency: 'CNY', total_balance: '110.00' }] });
const KEY_INFO = response(200, { data: { label: 'sk-or-v1-abc...def', limit: null, limit_remaining: null, usage: 0.25, is_free_tier: false } });
const UNAUTHORIZED = response(401, { error: { message: 'No auth credentials found', code: 401 } });
const NOT_FOUND = response(404, { error: { message: 'Not Found', code: 404 } });
const BAD_BODY = response(400, { error: { message: 'Input required: specify "prompt" or "messages"', code: 400 } });
const HUNG: HttpOutcome = { kind: 'network', failure: 'timeout', code: 'DEADLINE' };

/** A gateway: what each request answered with the key and without. */
function gateway(answers: { models: [HttpOutcome, HttpOutcome]; balance?: HttpOutcome; keyInfo?: [HttpOutcome, HttpOutcome]; chat?: [HttpOutcome, HttpOutcome] }): ProofEvidence {
  const balance = answers.balance ?? NOT_FOUND;
  const pair = (path: string, [keyed, anonymous]: [HttpOutcome, HttpOutcome]) => ({ keyed: probe(path, keyed), anonymous: probe(path, anonymous, { anonymous: true }) });
  return {
    models: probe('/models', answers.models[0]),
    balance: probe('/user/balance', balance),
    anonymous: { models: probe('/models', answers.models[1], { anonymous: true }) },
    ...(answers.keyInfo ? { keyInfo: pair('/key', answers.keyInfo) } : {}),
    ...(answers.chat ? { chat: pair('/chat/completions', answers.chat) } : {}),
  };
}

describe("on DeepSeek's own host", () => {
  it('a balance is proof: the endpoint is documented to need the key', () => {
    expect(proveKey({ models: probe('/models', MODELS), balance: probe('/user/balance', BALANCE) }, true)).toEqual({ kind: 'proven', by: 'balance', keyed: 200 });
  });
  it('so is a model list, when the balance said nothing', () => {
    expect(proveKey({ models: probe('/models', MODELS), balance: probe('/user/balance', response(503)) }, true)).toMatchObject({ kind: 'proven', by: 'models' });
  });
  it('nothing else is, and no further question is asked there', () => {
    const evidence = { models: probe('/models', response(503)), balance: probe('/user/balance', response(503)) };
    expect(proveKey(evidence, true).kind).toBe('unproven');
    expect(needsFurtherProof({ models: probe('/models', MODELS), balance: probe('/user/balance', NOT_FOUND) }, true)).toBe(false);
  });
});

describe('anywhere else', () => {
  it('a model list proves the key only when /models refuses a request without one', () => {
    expect(proveKey(gateway({ models: [MODELS, UNAUTHORIZED] }), false)).toEqual({ kind: 'proven', by: 'models', keyed: 200, anonymous: 401 });
    expect(proveKey(gateway({ models: [MODELS, response(403)] }), false)).toMatchObject({ kind: 'proven', by: 'models' });
  });

  it('a public /models with no /user/balance proves nothing: the hole of an OpenRouter-like gateway', () => {
    const evidence = gateway({ models: [MODELS, MODELS] });
    expect(proveKey(evidence, false)).toEqual({
      kind: 'unproven',
      attempts: [
        { request: 'models', keyed: 200, anonymous: 200, keyedLooksAccepted: true },
        { request: 'balance', keyed: 404, keyedLooksAccepted: false },
      ],
    });
    expect(needsFurtherProof(evidence, false)).toBe(true);
  });

  it('a balance proves nothing there: a proxy that adds its own key shows one to anybody', () => {
    expect(proveKey(gateway({ models: [MODELS, MODELS], balance: BALANCE }), false).kind).toBe('unproven');
    expect(proveKey(gateway({ models: [MODELS, UNAUTHORIZED], balance: BALANCE }), false)).toMatchObject({ kind: 'proven', by: 'models' });
  });

  it("GET /key proves the key with the key's details, and a 401 without one", () => {
    expect(proveKey(gateway({ models: [MODELS, MODELS], keyInfo: [KEY_INFO, UNAUTHORIZED] }), false)).toEqual({ kind: 'proven', by: 'keyInfo', keyed: 200, anonymous: 401 });
    // A catch-all that answers 200 to anything is not key introspection.
    expect(proveKey(gateway({ models: [MODELS, MODELS], keyInfo: [response(200, { ok: true }), UNAUTHORIZED] }), false).kind).toBe('unproven');
    expect(proveKey(gateway({ models: [MODELS, MODELS], keyInfo: [KEY_INFO, KEY_INFO] }), false).kind).toBe('unproven');
  });

  it('the chat body that cannot run proves the key when it gets 400/422 with the key and 401/403 without', () => {
    expect(proveKey(gateway({ models: [MODELS, MODELS], keyInfo: [NOT_FOUND, NOT_FOUND], chat: [BAD_BODY, UNAUTHORIZED] }), false)).toMatchObject({
      kind: 'proven',
      by: 'chat',
      keyed: 400,
      anonymous: 401,
    });
    const missingField = response(422, { detail: [{ loc: ['body', 'messages'], msg: 'field required', type: 'value_error.missing' }] });
    expect(proveKey(gateway({ models: [MODELS, MODELS], keyInfo: [NOT_FOUND, NOT_FOUND], chat: [missingField, response(403)] }), false)).toMatchObject({ kind: 'proven', by: 'chat' });
    const badParameter = response(400, { error: { message: 'messages: field required', type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' } });
    expect(proveKey(gateway({ models: [MODELS, MODELS], keyInfo: [NOT_FOUND, NOT_FOUND], chat: [badParameter, UNAUTHORIZED] }), false)).toMatchObject({ kind: 'proven', by: 'chat' });
  });

  it('only a rejected body counts: a 404, 429 or 405 to the chat request with the key proves nothing', () => {
    for (const status of [404, 405, 413, 429]) {
      expect(proveKey(gateway({ models: [MODELS, MODELS], keyInfo: [NOT_FOUND, NOT_FOUND], chat: [response(status), UNAUTHORIZED] }), false).kind).toBe('unproven');
    }
  });

  // A server that checks the key's format before anything else answers 400 to a broken key: that 400
  // is about the key, not the body, and must not read as "past authentication".
  it.each([
    ['the message names the key', { error: { message: 'Invalid API key format' } }],
    ['the type is about authentication', { error: { message: 'Bad request', type: 'authentication_error' } }],
    ['the code names the key', { error: { message: 'Bad request', code: 'invalid_api_key' } }],
    ['camelCase code', { error: { message: 'Bad request', code: 'InvalidApiKey' } }],
    ['a token', { error: { message: 'Malformed bearer token' } }],
    ['credentials', { detail: 'Could not validate credentials' }],
    ['a permission', { message: 'Permission denied for this project' }],
    ['unauthorized', { error: 'Unauthorized' }],
    ['forbidden', { error: { message: 'Forbidden', code: 400 } }],
    ['the header, in a FastAPI error', { detail: [{ loc: ['header', 'authorization'], msg: 'field required', type: 'value_error.missing' }] }],
    ['the key in another field of the error', { error: { message: 'Bad request', details: 'key has wrong length' } }],
  ])('a 400 whose body speaks of credentials (%s) proves nothing', (_name, body) => {
    for (const status of [400, 422]) {
      const proof = proveKey(gateway({ models: [MODELS, MODELS], keyInfo: [NOT_FOUND, NOT_FOUND], chat: [response(status, body), UNAUTHORIZED] }), false);
      expect(proof.kind).toBe('unproven');
      expect(proof.kind === 'unproven' && proof.attempts.find((a) => a.request === 'chat')).toMatchObject({ keyed: status, anonymous: 401, keyedLooksAccepted: false });
    }
  });

  it.each([
    ['an empty object', {}],
    ['no JSON', 'Bad Request'],
    ['an error with no text', { error: { code: 400 } }],
  ])('a 400 that says nothing readable (%s) proves nothing', (_name, body) => {
    const outcome: HttpOutcome = typeof body === 'string' ? { kind: 'response', status: 400, body, tooLarge: false } : response(400, body);
    expect(proveKey(gateway({ models: [MODELS, MODELS], keyInfo: [NOT_FOUND, NOT_FOUND], chat: [outcome, UNAUTHORIZED] }), false).kind).toBe('unproven');
  });

  it('a gateway that checks the body before the key gives the same 400 to anyone: no proof', () => {
    const evidence = gateway({ models: [MODELS, MODELS], keyInfo: [NOT_FOUND, NOT_FOUND], chat: [BAD_BODY, BAD_BODY] });
    const proof = proveKey(evidence, false);
    expect(proof.kind).toBe('unproven');
    expect(proof.kind === 'unproven' && proof.attempts.map((a) => a.request)).toEqual(['models', 'balance', 'keyInfo', 'chat']);
  });

  it('no answer without a key, or an outage, is no refusal', () => {
    expect(proveKey(gateway({ models: [MODELS, HUNG] }), false).kind).toBe('unproven');
    expect(proveKey(gateway({ models: [MODELS, response(503)] }), false).kind).toBe('unproven');
    expect(proveKey(gateway({ models: [MODELS, response(429)] }), false).kind).toBe('unproven');
  });

  it('a cancelled request proves nothing', () => {
    const evidence = gateway({ models: [MODELS, UNAUTHORIZED] });
    const cancelled = { ...evidence, models: { ...evidence.models!, cancelled: true as const } };
    expect(proveKey(cancelled, false).kind).toBe('unproven');
  });

  it('asks further only when the endpoint lists models like the API and nothing proved the key', () => {
    expect(needsFurtherProof(gateway({ models: [MODELS, UNAUTHORIZED] }), false)).toBe(false);
    expect(needsFurtherProof(gateway({ models: [NOT_FOUND, NOT_FOUND] }), false)).toBe(false);
    expect(needsFurtherProof(gateway({ models: [response(200, '<html>'), response(200, '<html>')] }), false)).toBe(false);
    expect(needsFurtherProof(gateway({ models: [MODELS, MODELS], keyInfo: [KEY_INFO, UNAUTHORIZED] }), false)).toBe(false);
  });
});

describe('nextProofRequest: which request the pipeline asks next', () => {
  it("asks nothing on DeepSeek's own host", () => {
    expect(nextProofRequest({ models: probe('/models', MODELS), balance: probe('/user/balance', NOT_FOUND) }, true)).toBeUndefined();
  });
  it('asks nothing once the key is proven, or when /models does not list models like the API', () => {
    expect(nextProofRequest(gateway({ models: [MODELS, UNAUTHORIZED] }), false)).toBeUndefined();
    expect(nextProofRequest(gateway({ models: [NOT_FOUND, NOT_FOUND] }), false)).toBeUndefined();
  });
  it('asks GET /key first, then the chat request, then nothing more', () => {
    expect(nextProofRequest(gateway({ models: [MODELS, MODELS] }), false)).toBe('keyInfo');
    expect(nextProofRequest(gateway({ models: [MODELS, MODELS], keyInfo: [NOT_FOUND, NOT_FOUND] }), false)).toBe('chat');
    expect(nextProofRequest(gateway({ models: [MODELS, MODELS], keyInfo: [NOT_FOUND, NOT_FOUND], chat: [BAD_BODY, BAD_BODY] }), false)).toBeUndefined();
  });
  it('stops after GET /key when it proved the key', () => {
    expect(nextProofRequest(gateway({ models: [MODELS, MODELS], keyInfo: [KEY_INFO, UNAUTHORIZED] }), false)).toBeUndefined();
  });
});
