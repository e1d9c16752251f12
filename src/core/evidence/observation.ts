// What one probed endpoint told us, as typed facts. Pure: the raw HTTP outcome in, an observation
// out. All server text is redacted (it may echo the key) and kept raw otherwise: renderers escape it.
import type { EndpointProbe, GaveUp, HttpOutcome, NetworkFailure } from '../../contract.js';
import { plainDecimal } from '../input/decimal.js';
import type { Redactor } from '../secret/redact.js';
import { arrayOf, boolean, finiteNumber, map, nonEmptyString, object, oneOf, optional, string, type Schema } from './schema.js';
import { oneLine } from '../text/text.js';
import { identifyGateway } from './gateway.js';

export interface BalanceInfo {
  readonly currency: string;
  readonly totalBalance: string;
  readonly grantedBalance?: string;
  readonly toppedUpBalance?: string;
}

export type NotApiReason = 'html' | 'not_json' | 'unexpected_json' | 'too_large' | 'empty' | 'encoded';

export type Observation =
  | { kind: 'models'; status: number; ids: string[] }
  | { kind: 'balance'; status: number; available: boolean; infos: BalanceInfo[] }
  /** `relayed`: a 5xx whose body carries the upstream's refusal of the key (a gateway that turns 401 into 500). */
  | { kind: 'auth_failed'; status: number; message?: string; errorType?: string; echoedTail?: string; openaiStyle: boolean; relayed?: true; gateway?: string }
  | { kind: 'payment_required'; status: number; message?: string }
  | { kind: 'forbidden'; status: number; message?: string }
  | { kind: 'not_found'; status: number; message?: string }
  | { kind: 'redirect'; status: number; location?: string }
  | { kind: 'not_api'; status: number; reason: NotApiReason; title?: string; encoding?: string }
  | { kind: 'client_error'; status: number; message?: string; gateway?: string }
  | { kind: 'rate_limited'; status: number; attempts: number; gaveUp?: GaveUp; retryAfterSeconds?: number; message?: string; gateway?: string }
  /** `message`: the body's own words, from a JSON error (`error`, `message`, `detail`) or a plain-text body. */
  | { kind: 'server_error'; status: number; attempts: number; gaveUp?: GaveUp; message?: string; gateway?: string }
  | { kind: 'network'; failure: NetworkFailure; code: string; attempts: number; proxyStatus?: number; gaveUp?: GaveUp }
  /** Abandoned once the other probe had a verdict about the key: says nothing. */
  | { kind: 'cancelled' };

const MAX_SERVER_TEXT = 200;

/**
 * The words of an upstream's refusal of the key inside a gateway's 5xx: DeepSeek's "Authentication
 * Fails", an "invalid API key", or the status 401 named as such.
 */
const UPSTREAM_REFUSED_KEY = /\b401\b|authentication fails|(invalid|incorrect|wrong)\W+(api\W+)?key|api key\W.{0,40}\bis invalid|unauthori[sz]ed/i;
/** An account has a currency or two; a server listing hundreds is not believed. */
const MAX_LISTED = 20;
/** The API's answers are a few KiB; what is looked at for a page title is bounded anyway. */
const MAX_TITLE = 200;

// The response shapes, each declared once (DeepSeek's documented bodies; docs/parsing.md).
// Anything else is a finding (`unexpected_json`), never a TypeError.

/**
 * Amounts are documented as strings; a number is read as the same decimal, never as a float sum.
 * Exponent form (`1e-7`, what a small JSON number becomes as text) is written out as a plain decimal,
 * so that it is shown readably and compared with `min-balance` like any other amount.
 */
const amount = map(
  oneOf(
    string,
    map(finiteNumber, (n) => String(n)),
  ),
  plainDecimal,
);

const MODELS_BODY = object({ data: arrayOf(object({ id: nonEmptyString })) });

const BALANCE_BODY = object({
  is_available: boolean,
  balance_infos: arrayOf(object({ currency: string, total_balance: amount, granted_balance: optional(amount), topped_up_balance: optional(amount) })),
});

/** `error.message` (OpenAI shape), `error` as text, `detail` (older DeepSeek shape) or `message`. */
const ERROR_BODY: Schema<{ message?: string; errorType?: string }> = oneOf(
  map(object({ error: object({ message: optional(string), type: optional(string) }) }), ({ error }) => ({
    ...(error.message !== undefined ? { message: error.message } : {}),
    ...(error.type !== undefined ? { errorType: error.type } : {}),
  })),
  map(object({ error: string }), (body) => ({ message: body.error })),
  map(object({ detail: string }), (body) => ({ message: body.detail })),
  map(object({ message: string }), (body) => ({ message: body.message })),
);

function isBlank(c: string): boolean {
  return c === '\ufeff' || /\s/.test(c);
}

/** Tag names are ASCII: compared without case, at a position of the original text. */
function tagAt(html: string, at: number, tag: string): boolean {
  return html.slice(at, at + tag.length).toLowerCase() === tag;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A title as the browser shows it: `&lt;` is `<` to whoever opened the page, so it is to the reader too. */
function decodeEntities(value: string): string {
  return value.replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]{2,6}));/gi, (entity, dec?: string, hex?: string, name?: string) => {
    const point = dec !== undefined ? Number(dec) : hex !== undefined ? parseInt(hex, 16) : undefined;
    if (point !== undefined) return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    return NAMED_ENTITIES[(name ?? '').toLowerCase()] ?? entity;
  });
}

/**
 * The text of the first `<title>` element (up to 200 characters), found in one pass: a page of
 * a thousand unclosed `<title` tags costs what one does. Positions are always in `html` itself
 * (lower-casing the whole page would shift them: `İ` lower-cases to two characters).
 */
export function htmlTitle(html: string): string | undefined {
  let from = 0;
  for (;;) {
    const open = html.indexOf('<', from);
    if (open < 0) return undefined;
    const after = html[open + 6];
    if (!tagAt(html, open, '<title') || after === undefined || (after !== '>' && !isBlank(after))) {
      from = open + 1;
      continue;
    }
    const close = html.indexOf('>', open + 6);
    // No '>' anywhere after: no later tag can be closed either.
    if (close < 0) return undefined;
    const window = html.slice(close + 1, close + 2 + MAX_TITLE);
    const end = window.indexOf('<');
    if (end > 0 && tagAt(html, close + 1 + end, '</title>')) {
      const title = decodeEntities(window.slice(0, end)).trim();
      return title === '' ? undefined : title;
    }
    // Every `<title` before this '>' ends at the same '>' with the same text after it: skip them all.
    from = close + 1;
  }
}

/** DeepSeek under load sends blank lines before the JSON body; a BOM is harmless too. */
export function parseJsonBody(body: string): { ok: true; value: unknown } | { ok: false; reason: NotApiReason; title?: string } {
  let start = 0;
  while (start < body.length && isBlank(body[start] ?? '')) start++;
  const trimmed = body.slice(start);
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (trimmed.startsWith('<')) {
    const title = htmlTitle(trimmed);
    return title ? { ok: false, reason: 'html', title } : { ok: false, reason: 'html' };
  }
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false, reason: 'not_json' };
  }
}

function read<T>(schema: Schema<T>, value: unknown): T | undefined {
  const parsed = schema(value);
  return parsed.ok ? parsed.value : undefined;
}

export function observe(probe: EndpointProbe, expect: 'models' | 'balance', redact: Redactor): Observation {
  const outcome: HttpOutcome = probe.final;
  const attempts = probe.outcomes.length;
  const gaveUp = probe.gaveUp ? { gaveUp: probe.gaveUp } : {};
  // One line first, then redacted: flattening after redacting could join key pieces the redactor
  // saw apart. Redacting only shortens, so the result stays within the bound.
  const cleanText = (s: string, max = MAX_SERVER_TEXT): string => redact(oneLine(s, max));
  const clean = (s: string | undefined): string | undefined => (s === undefined ? undefined : cleanText(s));
  const withMessage = (message: string | undefined): { message?: string } => {
    const m = clean(message);
    return m ? { message: m } : {};
  };

  if (probe.cancelled) return { kind: 'cancelled' };
  if (outcome.kind === 'network') {
    return { kind: 'network', failure: outcome.failure, code: outcome.code, attempts, ...gaveUp, ...(outcome.proxyStatus ? { proxyStatus: outcome.proxyStatus } : {}) };
  }
  const { status } = outcome;
  if (outcome.tooLarge) return { kind: 'not_api', status, reason: 'too_large' };
  if (outcome.undecodable && status === 200) return { kind: 'not_api', status, reason: 'encoded', encoding: clean(outcome.undecodable) ?? '' };
  const parsed = parseJsonBody(outcome.body);
  const fields = (parsed.ok ? read(ERROR_BODY, parsed.value) : undefined) ?? {};
  // The host is added by the diagnosis; here, what the answer itself says about who gave it.
  const gatewayName = identifyGateway('', outcome.headerNames, parsed.ok ? parsed.value : undefined);
  const gateway = gatewayName ? { gateway: gatewayName } : {};
  // A body that is plain text (`fetch failed … ECONNREFUSED`) is the gateway's reason too.
  const reason = fields.message ?? (!parsed.ok && parsed.reason === 'not_json' ? outcome.body : undefined);

  if (status >= 300 && status <= 399) {
    const location = clean(outcome.location);
    return { kind: 'redirect', status, ...(location ? { location } : {}) };
  }
  if (status === 429) {
    return { kind: 'rate_limited', status, attempts, ...gaveUp, ...(probe.retryAfterSeconds !== undefined ? { retryAfterSeconds: probe.retryAfterSeconds } : {}), ...withMessage(reason), ...gateway };
  }
  if (status >= 500) {
    const message = clean(reason);
    // The upstream's 401, visible through a gateway that answers it as a 500: the key was refused.
    if (message && UPSTREAM_REFUSED_KEY.test(message)) return { kind: 'auth_failed', status, openaiStyle: false, message, relayed: true, ...gateway };
    return { kind: 'server_error', status, attempts, ...gaveUp, ...(message ? { message } : {}), ...gateway };
  }
  if (status === 401) {
    const message = clean(fields.message);
    // "Your api key: ****abcd is invalid": the characters DeepSeek echoes are the tail of what it received.
    const echoedTail = message ? /api key:\s*\*+(\S{1,4})\s+is invalid/i.exec(message)?.[1] : undefined;
    return {
      kind: 'auth_failed',
      status,
      openaiStyle: /incorrect api key provided/i.test(message ?? ''),
      ...(message ? { message } : {}),
      ...(fields.errorType ? { errorType: cleanText(fields.errorType) } : {}),
      ...(echoedTail ? { echoedTail } : {}),
    };
  }
  if (status === 402) return { kind: 'payment_required', status, ...withMessage(fields.message) };
  if (status === 403) return { kind: 'forbidden', status, ...withMessage(fields.message) };
  if (status === 404) return { kind: 'not_found', status, ...withMessage(fields.message) };
  if (status !== 200) {
    if (!parsed.ok) return { kind: 'not_api', status, reason: parsed.reason, ...(parsed.title ? { title: cleanText(parsed.title) } : {}) };
    return { kind: 'client_error', status, ...withMessage(fields.message), ...gateway };
  }
  if (!parsed.ok) return { kind: 'not_api', status, reason: parsed.reason, ...(parsed.title ? { title: cleanText(parsed.title) } : {}) };
  if (expect === 'models') {
    const models = read(MODELS_BODY, parsed.value);
    // Kept as sent (one line, bounded) so required ids compare exactly; redacted where shown. An id
    // of nothing but line breaks or spaces names no model that could be asked for.
    if (models) return { kind: 'models', status, ids: models.data.map((model) => oneLine(model.id, 128)).filter((id) => id !== '') };
  } else {
    const balance = read(BALANCE_BODY, parsed.value);
    if (balance) {
      return {
        kind: 'balance',
        status,
        available: balance.is_available,
        infos: balance.balance_infos.slice(0, MAX_LISTED).map((info) => ({
          currency: cleanText(info.currency, 12),
          totalBalance: cleanText(info.total_balance, 40),
          ...(info.granted_balance !== undefined ? { grantedBalance: cleanText(info.granted_balance, 40) } : {}),
          ...(info.topped_up_balance !== undefined ? { toppedUpBalance: cleanText(info.topped_up_balance, 40) } : {}),
        })),
      };
    }
  }
  return { kind: 'not_api', status, reason: 'unexpected_json' };
}
