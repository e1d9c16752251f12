// The one edit distance: how many single edits (insert, delete, substitute, swap two neighbours)
// turn one sequence into the other — the optimal string alignment distance. Used to suggest a flag
// the user probably meant, a model id with a typo, and to catch a host one edit from DeepSeek's.

/** Compares two items; the look-alike host rules pass one where a wildcard matches any letter. */
export type SameItem<T> = (x: T, y: T) => boolean;

/** Edits from `a` to `b`. Quadratic: callers bound the lengths they compare. */
export function editDistance<T>(a: ArrayLike<T>, b: ArrayLike<T>, same: SameItem<T> = (x, y) => x === y): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (same(a[i - 1]!, b[j - 1]!) ? 0 : 1));
      if (i > 1 && j > 1 && same(a[i - 1]!, b[j - 2]!) && same(a[i - 2]!, b[j - 1]!)) cost = Math.min(cost, before[j - 2]! + 1);
      current.push(cost);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** An offered id that differs from `wanted` only in case or in one or two characters: a typo, most likely. */
export function nearestId(wanted: string, offered: readonly string[]): string | undefined {
  const lower = wanted.toLowerCase();
  const exact = offered.find((id) => id.toLowerCase() === lower);
  // Bounded work whatever a gateway lists: short ids only, and the first few hundred of them.
  if (exact !== undefined || wanted.length > 64) return exact;
  return offered.slice(0, 300).find((id) => Math.abs(id.length - wanted.length) <= 2 && editDistance(id.toLowerCase(), lower) <= 2);
}
