// Edit distance for short ids: the closest offered id to a mistyped one.

/** Levenshtein distance, for two short ids. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** An offered id that differs from `wanted` only in case or in one or two characters: a typo, most likely. */
export function nearestId(wanted: string, offered: readonly string[]): string | undefined {
  const lower = wanted.toLowerCase();
  const exact = offered.find((id) => id.toLowerCase() === lower);
  // Bounded work whatever a gateway lists: short ids only, and the first few hundred of them.
  if (exact !== undefined || wanted.length > 64) return exact;
  return offered.slice(0, 300).find((id) => Math.abs(id.length - wanted.length) <= 2 && editDistance(id.toLowerCase(), lower) <= 2);
}
