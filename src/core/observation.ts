// What one probed endpoint told us, as typed facts. Pure: the raw HTTP outcome in, an observation
// out. All server text is redacted (it may echo the key) and kept raw otherwise: renderers escape it.
import type { HttpOutcome, NetworkFailure } from '../probe/http-get.js';
import type { EndpointProbe, GaveUp } from '../probe/probe.js';
import type { Redactor } from './redact.js';
import { oneLine } from './text.js';

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
  | { kind: 'auth_failed'; status: number; message?: string; errorType?: string; echoedTail?: string; openaiStyle: boolean }
  | { kind: 'payment_required'; status: number; message?: string }
  | { kind: 'forbidden'; status: number; message?: string }
  | { kind: 'not_found'; status: number; message?: string }
  | { kind: 'redirect'; status: number; location?: string }
  | { kind: 'not_api'; status: number; reason: NotApiReason; title?: string; encoding?: string }
  | { kind: 'client_error'; status: number; message?: string }
  | { kind: 'rate_limited'; status: number; attempts: number; gaveUp?: GaveUp; retryAfterSeconds?: number }
  | { kind: 'server_error'; status: number; attempts: number; gaveUp?: GaveUp; message?: string }
  | { kind: 'network'; failure: NetworkFailure; code: string; attempts: number; proxyStatus?: number; gaveUp?: GaveUp }
  /** Abandoned once the other probe had a verdict about the key: says nothing. */
  | { kind: 'cancelled' };

const MAX_SERVER_TEXT = 200;
/** An account has a currency or two; a server listing hundreds is not believed. */
const MAX_LISTED = 20;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** DeepSeek under load sends blank lines before the JSON body; a BOM is harmless too. */
export function parseJsonBody(body: string): { ok: true; value: unknown } | { ok: false; reason: NotApiReason; title?: string } {
  const trimmed = body.replace(/^[\ufeff\s]+/, '');
  if (trimmed === '') return { ok: false, reason: 'empty' };
  if (trimmed.startsWith('<')) {
    const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(trimmed)?.[1];
    return title ? { ok: false, reason: 'html', title: title.trim() } : { ok: false, reason: 'html' };
  }
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return { ok: false, reason: 'not_json' };
  }
}

/** `error.message` (OpenAI shape) or `detail` (older DeepSeek shape). */
function errorFields(value: unknown): { message?: string; errorType?: string } {
  if (!isObject(value)) return {};
  const error = value.error;
  if (isObject(error)) {
    return {
      ...(typeof error.message === 'string' ? { message: error.message } : {}),
      ...(typeof error.type === 'string' ? { errorType: error.type } : {}),
    };
  }
  if (typeof error === 'string') return { message: error };
  if (typeof value.detail === 'string') return { message: value.detail };
  if (typeof value.message === 'string') return { message: value.message };
  return {};
}

function parseModels(value: unknown): string[] | undefined {
  if (!isObject(value) || !Array.isArray(value.data)) return undefined;
  const ids: string[] = [];
  for (const item of value.data) {
    if (isObject(item) && typeof item.id === 'string' && item.id.length > 0) ids.push(item.id);
  }
  return ids.length === value.data.length ? ids : undefined;
}

function parseBalance(value: unknown): { available: boolean; infos: BalanceInfo[] } | undefined {
  if (!isObject(value) || typeof value.is_available !== 'boolean' || !Array.isArray(value.balance_infos)) return undefined;
  const infos: BalanceInfo[] = [];
  for (const item of value.balance_infos as unknown[]) {
    if (!isObject(item)) return undefined;
    // Amounts are documented as strings; a number is read as the same decimal, never as a float sum.
    const total = typeof item.total_balance === 'number' && Number.isFinite(item.total_balance) ? String(item.total_balance) : item.total_balance;
    if (typeof item.currency !== 'string' || typeof total !== 'string') return undefined;
    infos.push({
      currency: item.currency,
      totalBalance: total,
      ...(typeof item.granted_balance === 'string' ? { grantedBalance: item.granted_balance } : {}),
      ...(typeof item.topped_up_balance === 'string' ? { toppedUpBalance: item.topped_up_balance } : {}),
    });
  }
  return { available: value.is_available, infos };
}

export function observe(probe: EndpointProbe, expect: 'models' | 'balance', redact: Redactor): Observation {
  const outcome: HttpOutcome = probe.final;
  const attempts = probe.outcomes.length;
  const gaveUp = probe.gaveUp ? { gaveUp: probe.gaveUp } : {};
  const cleanText = (s: string): string => oneLine(redact(s), MAX_SERVER_TEXT);
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
  const fields = parsed.ok ? errorFields(parsed.value) : {};

  if (status >= 300 && status <= 399) {
    const location = clean(outcome.location);
    return { kind: 'redirect', status, ...(location ? { location } : {}) };
  }
  if (status === 429) {
    return { kind: 'rate_limited', status, attempts, ...gaveUp, ...(probe.retryAfterSeconds !== undefined ? { retryAfterSeconds: probe.retryAfterSeconds } : {}) };
  }
  if (status >= 500) return { kind: 'server_error', status, attempts, ...gaveUp, ...withMessage(fields.message) };
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
    return { kind: 'client_error', status, ...withMessage(fields.message) };
  }
  if (!parsed.ok) return { kind: 'not_api', status, reason: parsed.reason, ...(parsed.title ? { title: cleanText(parsed.title) } : {}) };
  if (expect === 'models') {
    const ids = parseModels(parsed.value);
    // Kept as sent (one line, bounded) so required ids compare exactly; redacted where shown.
    if (ids) return { kind: 'models', status, ids: ids.map((id) => oneLine(id, 128)) };
  } else {
    const balance = parseBalance(parsed.value);
    if (balance) {
      return {
        kind: 'balance',
        status,
        available: balance.available,
        infos: balance.infos.slice(0, MAX_LISTED).map((info) => ({
          ...info,
          currency: oneLine(redact(info.currency), 12),
          totalBalance: oneLine(redact(info.totalBalance), 40),
        })),
      };
    }
  }
  return { kind: 'not_api', status, reason: 'unexpected_json' };
}
