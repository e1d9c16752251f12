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

// A JSON number becomes text in exponent form when small or large (String(1e-7) is "1e-7"), and a
// server may write an amount that way. The exponent is bounded (three digits), so no input can ask
// for a string of a million zeros.
const EXPONENT_FORM = /^(-?)(\d{1,30})(?:\.(\d{1,18}))?[eE]([+-]?\d{1,3})$/;

/**
 * `1e-7` → `0.0000001`, `1.5E+3` → `1500`: an amount in exponent form as the plain decimal it
 * stands for, when that fits parseDecimal's bounds. Anything else is returned as it is.
 */
export function plainDecimal(value: string): string {
  const match = EXPONENT_FORM.exec(value.trim());
  if (!match) return value;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  const plain = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  // Leading zeros of the whole part and trailing zeros of the fraction say nothing.
  let start = 0;
  while (plain[start] === '0' && plain[start + 1] !== undefined && plain[start + 1] !== '.') start++;
  let end = plain.length;
  if (plain.includes('.')) {
    while (plain[end - 1] === '0') end--;
    if (plain[end - 1] === '.') end--;
  }
  const text = `${sign}${plain.slice(start, end)}`;
  return parseDecimal(text) ? text : value;
}
