// Balances arrive as decimal strings ("110.00"). They are compared exactly, as scaled integers, and
// shown as the server wrote them, so no float noise ("109.99999999") ever reaches a summary.

export interface Decimal {
  /** The value times 10^scale. */
  readonly units: bigint;
  readonly scale: number;
  /** The canonical text it was parsed from. */
  readonly text: string;
}

const DECIMAL = /^(-?)(\d{1,30})(?:\.(\d{1,18}))?$/;

export function parseDecimal(value: string): Decimal | undefined {
  const match = DECIMAL.exec(value.trim());
  if (!match) return undefined;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const units = BigInt(`${sign}${whole}${fraction}`);
  return { units, scale: fraction.length, text: value.trim() };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}
