/**
 * Names close to a misspelled one, for "did you mean" in messages: a
 * keyword, a definition, an action.
 *
 * @module
 */

/** The edit distance (insertions, deletions, substitutions, and swaps of two neighbours) between two strings. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidates close to `name`, closest first (then in the candidates'
 * order): the same but for case, or within a third of the name's length in
 * edits (at least 1, at most 3), or one a prefix of the other. At most `max`.
 */
export function closeNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  const scored: { candidate: string; score: number; order: number }[] = [];
  let order = 0;
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const lower = editDistance(name.toLowerCase(), candidate.toLowerCase());
    const prefix = name.length >= 3 && candidate.length >= 3 && (candidate.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(candidate.toLowerCase()));
    const score = lower === 0 ? 0 : lower <= limit ? lower : prefix ? limit + 1 : Infinity;
    if (score !== Infinity) scored.push({ candidate, score, order: order++ });
  }
  return scored.sort((x, y) => x.score - y.score || x.order - y.order).slice(0, max).map((s) => s.candidate);
}

/** ` (did you mean A or B?)`, or nothing when no candidate is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closeNames(name, candidates);
  if (close.length === 0) return "";
  return ` (did you mean ${close.length === 1 ? close[0] : `${close.slice(0, -1).join(", ")} or ${close.at(-1)}`}?)`;
}
