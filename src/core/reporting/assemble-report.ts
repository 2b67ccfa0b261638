// The report from the rows its statements returned (store/report): merged by (set, key), then
// shaped into totals, groups, source costs, the rep table and rotation fairness.

import { fairness } from "./fairness.ts";
import {
  type FigureRow,
  type LeadFigureRow,
  mergeFigureRows,
  type OutcomeFigureRow,
  type RepLoadRow,
  type RowSet,
  type SourceInputRow,
  type SourceLeadsRow,
} from "./figure-rows.ts";
import type { Period } from "./period.ts";
import { repLoads } from "./rep-loads.ts";
import { reportGroups } from "./report-groups.ts";
import { sourceCosts, sourceCounts, totalCosts } from "./source-costs.ts";
import { toMetrics } from "./to-metrics.ts";
import type { Report, ReportDimension, SourceCosts } from "./types.ts";

export interface ReportRows {
  /** The lead figures: groups and totals (by segment, the groups only). */
  leadRows: readonly LeadFigureRow[];
  /** By segment, the totals of the lead figures (a lead counts once in each of its segments). */
  segmentTotals: readonly LeadFigureRow[];
  outcomeRows: readonly OutcomeFigureRow[];
  /** Leads created per source; none when grouped by source (the groups have them). */
  sourceLeads: readonly SourceLeadsRow[];
  inputRows: readonly SourceInputRow[];
  repRows: readonly RepLoadRow[];
  /** The configured segments, when grouped by segment. */
  segmentNames: readonly string[];
  /** By lead magnet or campaign: the inputs given for each (none otherwise). */
  groupInputRows?: readonly SourceInputRow[];
}

export function assembleReport(options: {
  period: Period;
  by: ReportDimension | null;
  now: Date;
  rows: ReportRows;
  /** `sources.<name>.costPerLead` of leadops.yml: the price of a lead of a source with no spend input. */
  costPerLead?: ReadonlyMap<string, number>;
}): Report {
  const { period, by, now, rows: r } = options;
  const rows = mergeFigureRows([r.leadRows, r.segmentTotals, r.outcomeRows, r.sourceLeads]);
  const inSet = (s: RowSet): FigureRow[] => rows.filter((row) => row.s === s);
  const groupRows = inSet("group");
  const sourceRows = inSet("source");
  const counts = sourceCounts(by === "source" ? groupRows : sourceRows, sourceRows);
  const sources = sourceCosts(counts, new Map(r.inputRows.map((i) => [i.k, i])), options.costPerLead);
  const winsByOwner = new Map(inSet("owner").map((row) => [row.k, row.wins ?? 0]));
  const { reps, fairnessCounts } = repLoads(r.repRows, winsByOwner);
  return {
    period: {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      timeZone: period.timeZone,
      label: period.label,
    },
    by,
    generatedAt: now.toISOString(),
    totals: toMetrics(inSet("total")[0], totalCosts(sources)),
    groups: by
      ? reportGroups({
          by,
          groupRows,
          alwaysListed: alwaysListed(by, r),
          repNames: new Map(r.repRows.map((rep) => [rep.id, rep.name])),
          costByKey: groupCosts(by, groupRows, sources, r.groupInputRows ?? []),
        })
      : [],
    sources,
    reps,
    fairness: fairness(fairnessCounts),
  };
}

/**
 * Costs and opt-in rate per group: by source, the sources'; by lead magnet or campaign, from the
 * inputs given for each (a group without inputs has none, never a share of its source's).
 */
function groupCosts(
  by: ReportDimension,
  groupRows: readonly FigureRow[],
  sources: readonly SourceCosts[],
  inputs: readonly SourceInputRow[],
): Map<string, SourceCosts> {
  if (by === "source") return new Map(sources.map((s) => [s.source ?? "", s]));
  if (by !== "leadMagnet" && by !== "campaign") return new Map();
  const costs = sourceCosts(sourceCounts(groupRows, groupRows), new Map(inputs.map((i) => [i.k, i])));
  return new Map(
    costs
      .filter((c) => c.source !== null && inputs.some((i) => i.k === c.source))
      .map((c) => [c.source ?? "", c]),
  );
}

/** Groups that appear with zeros: active reps, configured segments, sources with inputs. */
function alwaysListed(by: ReportDimension, r: ReportRows): string[] {
  if (by === "rep") return r.repRows.filter((rep) => rep.active).map((rep) => rep.id);
  if (by === "segment") return [...r.segmentNames];
  if (by === "source") return r.inputRows.map((i) => i.k);
  if (by === "leadMagnet" || by === "campaign") return (r.groupInputRows ?? []).map((i) => i.k);
  return [];
}
