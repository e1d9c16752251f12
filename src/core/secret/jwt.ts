// Gateways and proxies issue JWTs as API keys. The claims are decoded locally, never verified and
// never sent anywhere but the probe: expiry is something we can tell before spending a request.
import { isRecord } from '../evidence/schema.js';

export interface JwtClaims {
  /** Seconds since the epoch, when present and numeric. */
  readonly exp?: number;
  readonly nbf?: number;
  /** Numeric claims too far from 1970 to be a date (JavaScript's range): not used as exp or nbf. */
  readonly outOfRange?: ReadonlyArray<'exp' | 'nbf'>;
}

/** The largest |seconds since the epoch| a Date can hold (±8.64e15 ms, about ±275,000 years). */
const MAX_DATE_SECONDS = 8.64e12;

/** Whether `seconds` since the epoch is a date that can be shown and compared. */
export function isRepresentableDate(seconds: number): boolean {
  return Number.isFinite(seconds) && Math.abs(seconds) <= MAX_DATE_SECONDS;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Claims of a compact JWS, or undefined when the token is not one. */
export function decodeJwt(token: string): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1] || !SEGMENT.test(parts[0]) || !SEGMENT.test(parts[1])) return undefined;
  if (parts[2] !== '' && !SEGMENT.test(parts[2] ?? '')) return undefined;
  const header = decodeSegment(parts[0]);
  const payload = decodeSegment(parts[1]);
  if (!isRecord(header) || typeof header.alg !== 'string' || !isRecord(payload)) return undefined;
  const claims: { exp?: number; nbf?: number; outOfRange?: Array<'exp' | 'nbf'> } = {};
  for (const name of ['exp', 'nbf'] as const) {
    const value = payload[name];
    if (typeof value !== 'number') continue;
    // A number JSON can write but no date can hold (1e13 seconds) is an invalid claim, never a throw
    // from toISOString() further on.
    if (isRepresentableDate(value)) claims[name] = value;
    else (claims.outOfRange ??= []).push(name);
  }
  return claims;
}

/** "3 days", "5 hours", "2 minutes": the largest whole unit. */
export function humanDuration(ms: number): string {
  const abs = Math.abs(ms);
  const units: Array<[string, number]> = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  for (const [name, size] of units) {
    const n = Math.floor(abs / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'}`;
  }
  return 'less than a second';
}
