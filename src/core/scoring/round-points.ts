/** Scores are stored and shown with 2 decimals; -0 becomes 0 so receipts never show "-0". */
export function roundPoints(value: number): number {
  const r = Math.round(value * 100) / 100;
  return r === 0 ? 0 : r;
}
