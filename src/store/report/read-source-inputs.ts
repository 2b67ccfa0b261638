// Spend and visitors per source over the period's days (POST /api/inputs, import-inputs).
import type { SourceInputRow } from "../../core/reporting/figure-rows.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

// Inputs are whole days; a row counts when it lies inside the period's days ($1 first day,
// $2 last day, both included). Partly overlapping rows are left out rather than prorated.
const sourceInputs = statement<SourceInputRow, [firstDay: string, lastDay: string]>(
  "reportSourceInputs",
  ["k", "spend", "visitors", "currencies", "currency"],
  `
SELECT source AS k,
  sum(spend)::float8 AS spend,
  sum(visitors)::int AS visitors,
  count(DISTINCT currency)::int AS currencies,
  min(currency) AS currency
FROM "SourceInput"
WHERE "periodStart" >= $1::date AND "periodEnd" <= $2::date
GROUP BY source`,
);

/** `firstDay` and `lastDay` are YYYY-MM-DD in the report's time zone, both included. */
export function readSourceInputs(
  tx: Tx,
  o: { firstDay: string; lastDay: string },
): Promise<SourceInputRow[]> {
  return sourceInputs.run(tx, o.firstDay, o.lastDay);
}
