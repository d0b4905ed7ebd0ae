import { closest, distance } from 'fastest-levenshtein';

/** ` — did you mean "x"?` when a known word is close enough to be a likely typo, else ''. */
export function didYouMean(word: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const best = closest(word, [...known]);
  const allowed = Math.max(2, Math.floor(best.length / 3));
  return distance(word.toLowerCase(), best.toLowerCase()) <= allowed ? `did you mean "${best}"? ` : '';
}
