import type { ReceiptEntry } from "./types.ts";

export interface Reason {
  rule: string;
  kind: "fit" | "engagement";
  /** Sum of the rule's current points. */
  points: number;
  /** How many receipt lines (events) the rule contributed. */
  count: number;
  /** One line for Slack, e.g. `email_clicked ×3: +27.5 engagement`. */
  text: string;
}

/**
 * The rules that contribute most to a score, for "why is this lead hot?": receipt lines grouped by
 * rule, biggest current contribution first. Negative contributions are left out unless asked for.
 */
export function pickReasons(options: {
  receipt: readonly ReceiptEntry[];
  limit?: number;
  includeNegative?: boolean;
}): Reason[] {
  const { receipt, limit = 3, includeNegative = false } = options;
  const byRule = new Map<string, { kind: "fit" | "engagement"; points: number; count: number }>();
  for (const e of receipt) {
    const key = `${e.kind}\u0000${e.rule}`;
    const acc = byRule.get(key) ?? { kind: e.kind, points: 0, count: 0 };
    acc.points += e.currentPoints;
    acc.count += 1;
    byRule.set(key, acc);
  }
  const reasons: Reason[] = [];
  for (const [key, acc] of byRule) {
    const rule = key.slice(key.indexOf("\u0000") + 1);
    const points = Math.round(acc.points * 100) / 100;
    if (points === 0 || (points < 0 && !includeNegative)) continue;
    const times = acc.count > 1 ? ` ×${acc.count}` : "";
    const sign = points > 0 ? "+" : "";
    reasons.push({
      rule,
      kind: acc.kind,
      points,
      count: acc.count,
      text: `${rule}${times}: ${sign}${points} ${acc.kind}`,
    });
  }
  reasons.sort(
    (a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
  return reasons.slice(0, limit);
}
