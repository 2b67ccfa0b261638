// The per-rep table of the report: open leads now, assignments, claims and SLA breaches in the
// period (each rep's wins come from read-outcome-figures, its "owner" rows).
import type { RepLoadRow } from "../../core/reporting/figure-rows.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import { IN_PERIOD, type PeriodRange, rangeParams } from "./report-sql.ts";

// Every rep of the Rep table, and any other id with assignments, breaches or open leads; which
// of them the report lists is decided in core/reporting (repLoads).
const repLoads = statement<RepLoadRow, [from: string, to: string]>(
  "reportRepLoads",
  ["id", "name", "active", "open_leads", "assignments", "claims", "sla_breaches"],
  `
WITH asg AS (
  -- Assignments made and SLA breaches in one pass over the assignments.
  SELECT "repSlackId" AS id,
    count(*) FILTER (WHERE ${IN_PERIOD('"createdAt"')})::int AS assignments,
    count(*) FILTER (WHERE method = 'claim' AND ${IN_PERIOD('"createdAt"')})::int AS claims,
    count(*) FILTER (WHERE ${IN_PERIOD('"breachedAt"')})::int AS sla_breaches
  FROM "Assignment"
  WHERE "repSlackId" IS NOT NULL AND ((${IN_PERIOD('"createdAt"')}) OR (${IN_PERIOD('"breachedAt"')}))
  GROUP BY 1
), open AS (
  SELECT "ownerSlackId" AS id, count(*)::int AS open_leads
  FROM "Lead"
  WHERE "ownerSlackId" IS NOT NULL AND stage NOT IN ('customer', 'disqualified', 'nurture')
    AND "lostAt" IS NULL AND "forgottenAt" IS NULL
  GROUP BY 1
), ids AS (
  SELECT "slackId" AS id FROM "Rep" UNION SELECT id FROM asg UNION SELECT id FROM open
)
SELECT ids.id, r.name, COALESCE(r.active, false) AS active,
  COALESCE(open.open_leads, 0) AS open_leads, COALESCE(asg.assignments, 0) AS assignments,
  COALESCE(asg.claims, 0) AS claims, COALESCE(asg.sla_breaches, 0) AS sla_breaches
FROM ids
  LEFT JOIN "Rep" r ON r."slackId" = ids.id
  LEFT JOIN asg ON asg.id = ids.id
  LEFT JOIN open ON open.id = ids.id`,
);

export function readRepLoads(tx: Tx, o: { range: PeriodRange }): Promise<RepLoadRow[]> {
  return repLoads.run(tx, ...rangeParams(o.range));
}
