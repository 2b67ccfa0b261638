/**
 * Segments a lead entered and left, given its current memberships and the freshly evaluated
 * ones; both lists sorted, so callers record and announce them in a stable order.
 */
export function diffMemberships(
  current: Iterable<string>,
  next: Iterable<string>,
): { entered: string[]; left: string[] } {
  const before = new Set(current);
  const after = new Set(next);
  const entered = [...after].filter((s) => !before.has(s)).sort();
  const left = [...before].filter((s) => !after.has(s)).sort();
  return { entered, left };
}
