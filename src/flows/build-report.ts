// The report: one function behind GET /api/report, `leadops report` and `/leads report`. The
// figures are aggregated in SQL (store/report) so it stays fast on millions of rows, and shaped
// into the report in core/reporting. Formulas and speed: docs/report.md.

import type { Rules } from "../config/rules.ts";
import { assembleReport } from "../core/reporting/assemble-report.ts";
import { compareReports } from "../core/reporting/compare.ts";
import { formatLocalDate, localDateOf, type Period } from "../core/reporting/period.ts";
import { periodsEndingWith, previousPeriod } from "../core/reporting/period-shift.ts";
import { costPerLeadOf } from "../core/reporting/source-costs.ts";
import type { Report, ReportDimension, TrendPoint } from "../core/reporting/types.ts";
import type { Database, Tx } from "../store/db.ts";
import { readLeadFigures } from "../store/report/read-lead-figures.ts";
import { readOutcomeFigures } from "../store/report/read-outcome-figures.ts";
import { readRepLoads } from "../store/report/read-rep-loads.ts";
import { readSegmentNames } from "../store/report/read-segment-names.ts";
import { readSourceInputs } from "../store/report/read-source-inputs.ts";
import { readSourceLeads } from "../store/report/read-source-leads.ts";
import { applyReportSettings } from "../store/report/report-settings.ts";

export interface BuildReportOptions {
  db: Pick<Database, "transaction">;
  period: Period;
  /** Group by rep (lead owner), source or segment (current membership); omit for totals only. */
  by?: ReportDimension | null | undefined;
  /** "Now", for the speed-to-lead share (a lead younger than an hour is not yet late). */
  now: Date;
  /** leadops.yml's sources: their `costPerLead` costs a source with no spend input for the period. */
  sources?: Rules["sources"];
  /** `previous`: add the previous period of the same length and every figure's change. */
  compare?: "previous" | undefined;
  /** Add the totals of the last `trend` periods (this one included), oldest first. */
  trend?: number | undefined;
}

/** Most periods a trend covers: each is a report of its own. */
export const MAX_TREND = 24;

export async function buildReport(options: BuildReportOptions): Promise<Report> {
  const { compare, trend, ...one } = options;
  const report = await buildOneReport(one);
  if (compare === "previous") {
    const previous = await buildOneReport({ ...one, period: previousPeriod(one.period) });
    report.comparison = compareReports(report, previous);
  }
  if (trend !== undefined && trend > 1) {
    // The earlier periods one after the other: each already runs its statements in parallel.
    const earlier: TrendPoint[] = [];
    for (const period of periodsEndingWith(one.period, Math.min(trend, MAX_TREND)).slice(0, -1)) {
      const r = await buildOneReport({ ...one, period, by: null });
      earlier.push({ period: r.period, totals: r.totals });
    }
    report.trend = [...earlier, { period: report.period, totals: report.totals }];
  }
  return report;
}

/**
 * Statements of one report running at once. The server app's pool has 10 connections shared
 * with intake and jobs; on the 2-core bench machine more than 4 at once gained nothing.
 */
const STATEMENTS_AT_ONCE = 4;

async function buildOneReport({
  db,
  period,
  by,
  now,
  sources,
}: Omit<BuildReportOptions, "compare" | "trend">): Promise<Report> {
  const dim = by ?? null;
  const range = { from: period.from, to: period.to };
  // Independent statements, each in its own read-only transaction: on PostgreSQL they run on
  // separate pooled connections, at most STATEMENTS_AT_ONCE at a time (the rest of the app
  // shares the pool), started longest first. Only the lead figures may use parallel workers.
  const run = limiter(STATEMENTS_AT_ONCE);
  const read = <T>(fn: (tx: Tx) => Promise<T>, parallel = false): Promise<T> =>
    run(() =>
      db.transaction(async (tx) => {
        await applyReportSettings(tx, { parallel });
        return fn(tx);
      }),
    );
  const none = Promise.resolve([]);
  const groupInputs = dim === "leadMagnet" || dim === "campaign" ? dim : null;
  const [
    leadRows,
    segmentTotals,
    outcomeRows,
    repRows,
    inputRows,
    segmentNames,
    sourceLeads,
    groupInputRows,
  ] = await Promise.all([
    read((tx) => readLeadFigures(tx, { range, by: dim, now }), true),
    // By segment the totals are a statement of their own (a lead counts in each of its segments).
    dim === "segment" ? read((tx) => readLeadFigures(tx, { range, by: null, now }), true) : none,
    read((tx) => readOutcomeFigures(tx, { range, by: dim })),
    read((tx) => readRepLoads(tx, { range })),
    read((tx) => readSourceInputs(tx, inputDays(period))),
    dim === "segment" ? read((tx) => readSegmentNames(tx)) : none,
    // By source the groups hold each source's leads already.
    dim === "source" ? none : read((tx) => readSourceLeads(tx, { range })),
    // By lead magnet or campaign, the inputs given for each (their opt-in rate and costs).
    groupInputs ? read((tx) => readSourceInputs(tx, { ...inputDays(period), kind: groupInputs })) : none,
  ]);
  return assembleReport({
    period,
    by: dim,
    now,
    rows: {
      leadRows,
      segmentTotals,
      outcomeRows,
      sourceLeads,
      inputRows,
      repRows,
      segmentNames,
      groupInputRows,
    },
    costPerLead: costPerLeadOf(sources ?? {}),
  });
}

/** The period's first and last days in its time zone: inputs are whole days. */
function inputDays(period: Period): { firstDay: string; lastDay: string } {
  const lastInstant = new Date(period.to.getTime() - 1);
  return {
    firstDay: formatLocalDate(localDateOf(period.from, period.timeZone)),
    lastDay: formatLocalDate(localDateOf(lastInstant, period.timeZone)),
  };
}

/** Runs the functions it is given at most `n` at a time, in the order they were given. */
function limiter(n: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
