/**
 * The known name closest to a misspelt one, for "Did you mean …?" in error messages: the smallest
 * Levenshtein distance, accepted only when it is small against the name's length (a third of it,
 * at most 4 edits), so an unrelated word gets no suggestion. A name cut short (a known name starts
 * with it, 6 characters or more) suggests the shortest such name.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  if (name.length >= 6) {
    const longer = known.filter((candidate) => candidate.startsWith(name) && candidate !== name);
    if (longer.length > 0) return longer.reduce((a, b) => (b.length < a.length ? b : a));
  }
  const limit = Math.min(4, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Insertions, deletions and substitutions needed to turn `a` into `b` (two-row dynamic programme). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
