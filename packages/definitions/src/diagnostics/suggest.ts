/** Edit distance (Levenshtein), capped: we only care whether two names are close. */
export function editDistance(a: string, b: string, cap = 8): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? cap + 1;
}

/** The known name closest to `name`, if it is close enough to be a likely typo. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** "Did you mean 'x'? Known: a, b, c" — the hint for an unknown name. */
export function suggestionHint(name: string, known: readonly string[], what = "Known"): string {
  const guess = closest(name, known);
  const list = known.length > 12 ? `${known.slice(0, 12).join(", ")}, …` : known.join(", ");
  const listed = known.length > 0 ? `${what}: ${list}.` : "";
  return guess ? `Did you mean '${guess}'? ${listed}`.trim() : listed;
}
