// The nearest known name for a misspelled one ("natGatewayPerAZ" -> "natGatewayPerAz"). No
// string-distance library is among the project's dependencies (jest pulls in `leven`, but only as a
// dev-time transitive package), and Levenshtein distance is a dozen lines: kept here rather than
// adding a runtime dependency for it.

/** Edit distance (insertions, deletions, substitutions) between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate nearest to `word`, compared case-insensitively: the only one that extends it, else the
 * one fewest edits away; undefined when none is close (more than a third of the word's letters, and at
 * least 2, would have to change).
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const folded = word.toLowerCase();
  // A known field that the word begins ("catalog" for catalogName, "key" for keyPrefix).
  const extended = folded.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(folded)) : [];
  if (extended.length === 1) return extended[0];
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(folded, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && best.distance <= tolerance ? best.candidate : undefined;
}
