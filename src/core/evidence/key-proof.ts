// Whether what the endpoint answered proves the key: `ok` needs an answer only a valid key can get.
// Pure: probe results in, a decision out. Used by the pipeline (preflight.ts, to know which request
// to ask next) and by the diagnosis (to say how the key was proven, or that it was not).
//
// On DeepSeek's own host every endpoint is documented to need the key, so a 200 with the API's shape
// is proof. Anywhere else an answer proves the key only when the same request without a key is
// refused (401/403): a gateway may serve `GET /models` to anyone (OpenRouter does), and an answer
// anyone gets says nothing about the key. See docs/key-proof.md.
import { REQUESTS, REQUEST_NAMES, type EndpointProbe, type ProofRequestName, type RequestName } from '../../contract.js';

const isProofRequest = (name: RequestName): name is ProofRequestName => REQUESTS[name].asked === 'to prove the key';
import { observe, parseJsonBody } from './observation.js';
import { arrayOf, isRecord, map, object, oneOf, optional, string, type Schema } from './schema.js';

/** What the probe has so far; every part may still be missing while it runs. */
export interface ProofEvidence {
  readonly models?: EndpointProbe;
  readonly balance?: EndpointProbe;
  readonly anonymous?: { readonly models?: EndpointProbe };
  readonly keyInfo?: { readonly keyed?: EndpointProbe; readonly anonymous?: EndpointProbe };
  readonly chat?: { readonly keyed?: EndpointProbe; readonly anonymous?: EndpointProbe };
}

/** One request that was tried: the HTTP status with the key and without (undefined: no answer, or not sent). */
export interface ProofAttempt {
  readonly request: RequestName;
  readonly keyed?: number;
  readonly anonymous?: number;
  /** The request with the key got the answer a valid key gets (a balance, a model list, the key's details, a body rejected past authentication). */
  readonly keyedLooksAccepted: boolean;
}

/** The attempts are in asking order, which reads as the story of what was tried. */
export type AuthProof =
  { readonly kind: 'proven'; readonly by: RequestName; readonly keyed: number; readonly anonymous?: number } | { readonly kind: 'unproven'; readonly attempts: readonly ProofAttempt[] };

const identity = (s: string): string => s;

function statusOf(probe: EndpointProbe | undefined): number | undefined {
  return probe && !probe.cancelled && probe.final.kind === 'response' ? probe.final.status : undefined;
}

/** Refused for want of a key: the endpoint checks credentials on this request. */
function refused(probe: EndpointProbe | undefined): boolean {
  const status = statusOf(probe);
  return status === 401 || status === 403;
}

/** OpenRouter's `GET /key`: `{"data":{"label","limit","limit_remaining","usage","is_free_tier",…}}`. */
function isKeyInfo(body: string): boolean {
  const parsed = parseJsonBody(body);
  if (!parsed.ok || !isRecord(parsed.value)) return false;
  const data = parsed.value.data;
  return isRecord(data) && (typeof data.label === 'string' || typeof data.usage === 'number');
}

/** Texts of an error body: OpenAI's `error` (message, type, code), FastAPI's `detail` (text or list), a bare `message`. */
const ERROR_TEXTS: Schema<string[]> = oneOf(
  map(object({ error: object({ message: optional(string), type: optional(string), code: optional(string), param: optional(string) }) }), ({ error }) =>
    [error.message, error.type, error.code, error.param].filter((t): t is string => t !== undefined),
  ),
  map(object({ error: string }), (body) => [body.error]),
  map(object({ detail: string }), (body) => [body.detail]),
  map(object({ detail: arrayOf(object({ msg: optional(string), type: optional(string) })) }), (body) => body.detail.flatMap((d) => [d.msg, d.type]).filter((t): t is string => t !== undefined)),
  map(object({ message: string }), (body) => [body.message]),
);

/**
 * Words of a refusal about credentials rather than about the request. A server may check the key's
 * format (or the key itself) and answer 400 "Invalid API key format": that 400 is about the key, so
 * it proves nothing. Compared word by word after splitting snake_case, kebab-case and camelCase, so
 * `invalid_api_key` and `authenticationError` read as `key` and `authentication`.
 */
const CREDENTIAL_WORD =
  /^(key|keys|apikey|auth|authn|authz|authenticat\w*|authori[sz]\w*|unauthori[sz]ed|unauthenticated|token|credential|credentials|permission|permissions|forbidden|bearer|secret|password|signature|denied|login|identity)$/;

function speaksOfCredentials(texts: readonly string[]): boolean {
  return texts.some((t) =>
    t
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z]+/)
      .some((word) => CREDENTIAL_WORD.test(word)),
  );
}

/** Every string in a parsed body, field names included: a server may put the word anywhere (`error.details`, `loc: ["header","authorization"]`). */
function stringsIn(value: unknown): string[] {
  const out: string[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') out.push(next);
    else if (Array.isArray(next)) pending.push(...(next as unknown[]));
    else if (isRecord(next)) {
      for (const [name, field] of Object.entries(next)) pending.push(name, field);
    }
  }
  return out;
}

/**
 * A 400/422 that rejects the request itself (a missing `messages`, a bad parameter): an error body
 * of a known shape with some text, and no word anywhere in it about the key, authentication or
 * permissions. Anything else (no body, HTML, a message about the key's format) is not read as
 * "past authentication".
 */
function isValidationRefusal(status: number, body: string): boolean {
  if (status !== 400 && status !== 422) return false;
  const parsed = parseJsonBody(body);
  if (!parsed.ok) return false;
  const texts = ERROR_TEXTS(parsed.value);
  return texts.ok && texts.value.length > 0 && !speaksOfCredentials(stringsIn(parsed.value));
}

/** The answer a valid key gets to this request. */
function looksAccepted(request: RequestName, probe: EndpointProbe | undefined): boolean {
  if (!probe || probe.cancelled || probe.final.kind !== 'response' || probe.final.tooLarge) return false;
  const { status, body } = probe.final;
  switch (request) {
    case 'models':
      return observe(probe, 'models', identity).kind === 'models';
    case 'balance':
      return observe(probe, 'balance', identity).kind === 'balance';
    case 'keyInfo':
      return status === 200 && isKeyInfo(body);
    case 'chat':
      // The body can never run; a 400/422 that rejects the body means the request got past
      // authentication to validation (one that rejects the key's format did not).
      return isValidationRefusal(status, body);
  }
}

/** The request with the key and the same request without one, as far as they were asked. */
function pairOf(evidence: ProofEvidence, request: RequestName): readonly [EndpointProbe | undefined, EndpointProbe | undefined] {
  switch (request) {
    case 'models':
      return [evidence.models, evidence.anonymous?.models];
    case 'balance':
      // Never asked without a key: off DeepSeek's host a balance proves nothing (a proxy that adds its
      // own key would show one to anybody).
      return [evidence.balance, undefined];
    case 'keyInfo':
    case 'chat':
      return [evidence[request]?.keyed, evidence[request]?.anonymous];
  }
}

export function proveKey(evidence: ProofEvidence, official: boolean): AuthProof {
  const attempts: ProofAttempt[] = [];
  const proofs: Extract<AuthProof, { kind: 'proven' }>[] = [];
  for (const request of REQUEST_NAMES) {
    const [keyed, anonymous] = pairOf(evidence, request);
    if (!keyed) continue;
    const accepted = looksAccepted(request, keyed);
    const keyedStatus = statusOf(keyed);
    const anonymousStatus = statusOf(anonymous);
    const checked = official ? REQUESTS[request].asked === 'first' : refused(anonymous);
    if (accepted && checked && keyedStatus !== undefined) {
      proofs.push({ kind: 'proven', by: request, keyed: keyedStatus, ...(anonymousStatus !== undefined ? { anonymous: anonymousStatus } : {}) });
    }
    attempts.push({ request, keyedLooksAccepted: accepted, ...(keyedStatus !== undefined ? { keyed: keyedStatus } : {}), ...(anonymousStatus !== undefined ? { anonymous: anonymousStatus } : {}) });
  }
  // On DeepSeek's host a balance and a model list may both prove the key: the balance is named, as
  // the more specific (it belongs to one account).
  const proof = proofs.find((p) => p.by === 'balance') ?? proofs[0];
  return proof ?? { kind: 'unproven', attempts };
}

/**
 * Worth asking the next question: not DeepSeek's own host, the endpoint lists models like the API,
 * and nothing has proven the key yet (typically because `GET /models` answers without a key).
 */
export function needsFurtherProof(evidence: ProofEvidence, official: boolean): boolean {
  return !official && looksAccepted('models', evidence.models) && proveKey(evidence, official).kind !== 'proven';
}

/**
 * The next request to ask to prove the key, in the table's order, or none: DeepSeek's own host, a
 * key already proven, an endpoint that does not list models like the API, or every request asked.
 */
export function nextProofRequest(evidence: ProofEvidence, official: boolean): ProofRequestName | undefined {
  if (!needsFurtherProof(evidence, official)) return undefined;
  return REQUEST_NAMES.filter(isProofRequest).find((name) => pairOf(evidence, name)[0] === undefined);
}

/** An outage's answer: rate-limited, a server error, or no answer at all. */
function isOutageAnswer(probe: EndpointProbe): boolean {
  const final = probe.final;
  return final.kind === 'network' || final.status === 429 || final.status >= 500;
}

/**
 * The endpoint gave a usable answer somewhere in this run: a request with the key answered with
 * anything but an outage (a model list, a 404 for an endpoint it lacks…), or one without a key got
 * content (2xx). Then an outage on the other requests is not the endpoint being down: it is the
 * requests that could prove the key failing, which is what a gateway that turns the upstream's 401
 * into a 500 looks like. A key-less 401 is not counted: the key-less request is refused before it
 * could fail the way the keyed one did. See docs/key-proof.md.
 */
export function endpointAnswered(evidence: ProofEvidence): boolean {
  const keyed = [evidence.models, evidence.balance, evidence.keyInfo?.keyed, evidence.chat?.keyed];
  const anonymous = [evidence.anonymous?.models, evidence.keyInfo?.anonymous, evidence.chat?.anonymous];
  const usable = (probe: EndpointProbe | undefined, keyless: boolean): boolean => {
    if (!probe || probe.cancelled || isOutageAnswer(probe) || probe.final.kind !== 'response') return false;
    return !keyless || (probe.final.status >= 200 && probe.final.status <= 299);
  };
  return keyed.some((probe) => usable(probe, false)) || anonymous.some((probe) => usable(probe, true));
}
