// Leads created in the period per source, for the source costs (their wins come from
// read-outcome-figures).
import type { SourceLeadsRow } from "../../core/reporting/figure-rows.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import { IN_PERIOD, type PeriodRange, rangeParams } from "./report-sql.ts";

const sourceLeads = statement<SourceLeadsRow, [from: string, to: string]>(
  "reportSourceLeads",
  ["s", "k", "leads"],
  `
SELECT 'source' AS s, COALESCE(l."source", '') AS k, count(*)::int AS leads
FROM "Lead" l WHERE ${IN_PERIOD('l."createdAt"')} GROUP BY 2`,
);

export function readSourceLeads(tx: Tx, o: { range: PeriodRange }): Promise<SourceLeadsRow[]> {
  return sourceLeads.run(tx, ...rangeParams(o.range));
}
