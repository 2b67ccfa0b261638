// The outcome figures of the report: wins, customers, sales, sales cycle, lifetime purchases and
// SLA breaches, for the totals, the groups, and by owner and source.
import type { OutcomeFigureRow, RowSet } from "../../core/reporting/figure-rows.ts";
import type { ReportDimension } from "../../core/reporting/types.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import {
  type DimensionSql,
  extraColumn,
  IN_PERIOD,
  LEAD_OF,
  type PeriodRange,
  perDimension,
  rangeParams,
  SECONDS,
  UNNEST_SEGMENTS,
} from "./report-sql.ts";

/**
 * One statement: the period's wins are read once, each with its lead's columns looked up once
 * (w), and every grouping of them is taken from those rows: the totals, the report's groups,
 * wins by owner (the per-rep table) and by source (the source costs). Lifetime purchases (for
 * CLV) are the won outcomes up to the period's end of the customers won in the period; SLA
 * breaches are assignments breached in the period. Each part leaves the others' columns NULL;
 * the rows are merged by (s, k) in core/reporting (mergeFigureRows).
 */
function outcomesSql(dim: DimensionSql | null): string {
  const won = (s: RowSet, key: string | null, from = "w l") => `
SELECT '${s}' AS s, ${key === null ? "''" : `COALESCE(${key}, '')`} AS k,
  count(*)::int AS wins,
  count(DISTINCT l."leadId")::int AS customers,
  sum(l.amount)::float8 AS total_sales,
  count(l.amount)::int AS priced_wins,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${SECONDS('l."occurredAt"', 'l."createdAt"')})::float8 AS cycle_median,
  NULL::int AS lifetime_purchases, NULL::int AS sla_breaches
FROM ${from}${key === null ? "" : ` GROUP BY ${key}`}`;
  const lifetime = (s: RowSet, key: string | null, from = "p l") => `
SELECT '${s}', ${key === null ? "''" : `COALESCE(${key}, '')`}, NULL, NULL, NULL, NULL, NULL, count(*)::int, NULL
FROM ${from}${key === null ? "" : ` GROUP BY ${key}`}`;
  const breaches = (s: RowSet, d: DimensionSql | null) => {
    const lookup = d?.breachNeedsLead
      ? ` ${LEAD_OF('a."leadId"')}${d.segment ? ` ${UNNEST_SEGMENTS}` : ""}`
      : "";
    return `
SELECT '${s}', ${d ? `COALESCE(${d.breachKey}, '')` : "''"}, NULL, NULL, NULL, NULL, NULL, NULL, count(*)::int
FROM "Assignment" a${lookup}
WHERE ${IN_PERIOD('a."breachedAt"')}${d ? ` GROUP BY ${d.breachKey}` : ""}`;
  };
  const parts = [
    won("total", null),
    won("owner", 'l."ownerSlackId"'),
    won("source", 'l."source"'),
    lifetime("total", null),
    breaches("total", null),
  ];
  if (dim) {
    const unnest = dim.segment ? ` ${UNNEST_SEGMENTS}` : "";
    parts.push(
      won("group", dim.key, `w l${unnest}`),
      lifetime("group", dim.key, `p l${unnest}`),
      breaches("group", dim),
    );
  }
  const extra = extraColumn(dim);
  return `
WITH w AS MATERIALIZED (
  SELECT o."leadId", o.amount, o."occurredAt", l."ownerSlackId", l."source", l."createdAt", l."segments"${extra}
  FROM "Outcome" o ${LEAD_OF('o."leadId"')}
  WHERE o.kind = 'won' AND ${IN_PERIOD('o."occurredAt"')}
), p AS MATERIALIZED (
  SELECT c."ownerSlackId", c."source", c."segments"${extraColumn(dim, "c")}
  FROM (SELECT DISTINCT ON ("leadId") "leadId", "ownerSlackId", "source", "segments"${extraColumn(dim, "w")} FROM w) c
    JOIN "Outcome" o ON o."leadId" = c."leadId"
  WHERE o.kind = 'won' AND o."occurredAt" < $2::timestamp
)
${parts.join("\nUNION ALL")}`;
}

type Params = [from: string, to: string];

const COLUMNS = [
  "s",
  "k",
  "wins",
  "customers",
  "total_sales",
  "priced_wins",
  "cycle_median",
  "lifetime_purchases",
  "sla_breaches",
] as const;

const totals = statement<OutcomeFigureRow, Params>("reportOutcomeTotals", COLUMNS, outcomesSql(null));
const grouped = perDimension("reportOutcomesBy", (name, dim) =>
  statement<OutcomeFigureRow, Params>(name, COLUMNS, outcomesSql(dim)),
);

/** The outcome figures of the period: totals, by owner and by source, and the groups of `by`. */
export function readOutcomeFigures(
  tx: Tx,
  o: { range: PeriodRange; by: ReportDimension | null },
): Promise<OutcomeFigureRow[]> {
  return (o.by ? grouped[o.by] : totals).run(tx, ...rangeParams(o.range));
}
