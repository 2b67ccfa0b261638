// The report's groups (by rep, source or segment) from their rows of figures.
import { emptyFigureRow, type FigureRow } from "./figure-rows.ts";
import { toMetrics } from "./to-metrics.ts";
import type { ReportDimension, ReportGroup, SourceCosts } from "./types.ts";

export interface GroupInputs {
  by: ReportDimension;
  groupRows: readonly FigureRow[];
  /**
   * Groups listed even with nothing in the period: the active reps, the configured segments,
   * the sources with spend or visitors.
   */
  alwaysListed: readonly string[];
  /** Rep names by Slack id (a rep's label). */
  repNames: ReadonlyMap<string, string | null>;
  /** Costs by group key: sources' by source, the inputs given per lead magnet or campaign. */
  costByKey: ReadonlyMap<string, SourceCosts>;
}

/** One group per key, most leads first, then (none) last, then by label. */
export function reportGroups({
  by,
  groupRows,
  alwaysListed,
  repNames,
  costByKey,
}: GroupInputs): ReportGroup[] {
  const byKey = new Map(groupRows.map((r) => [r.k, r]));
  for (const k of alwaysListed) if (!byKey.has(k)) byKey.set(k, emptyFigureRow(k));
  const groups = [...byKey.values()].map((row) => {
    const key = row.k === "" ? null : row.k;
    const costs = costByKey.get(row.k);
    return {
      key,
      label: key === null ? "(none)" : by === "rep" ? (repNames.get(key) ?? key) : key,
      metrics: toMetrics(row, costs),
    };
  });
  return groups.sort(
    (a, b) =>
      b.metrics.leads - a.metrics.leads ||
      Number(a.key === null) - Number(b.key === null) ||
      a.label.localeCompare(b.label),
  );
}
