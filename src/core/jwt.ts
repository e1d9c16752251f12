// Gateways and proxies issue JWTs as API keys. The claims are decoded locally, never verified and
// never sent anywhere but the probe: expiry is something we can tell before spending a request.
import { isRecord } from './schema.js';

export interface JwtClaims {
  /** Seconds since the epoch, when present and numeric. */
  readonly exp?: number;
  readonly nbf?: number;
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
  const claims: { exp?: number; nbf?: number } = {};
  if (typeof payload.exp === 'number' && Number.isFinite(payload.exp)) claims.exp = payload.exp;
  if (typeof payload.nbf === 'number' && Number.isFinite(payload.nbf)) claims.nbf = payload.nbf;
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
