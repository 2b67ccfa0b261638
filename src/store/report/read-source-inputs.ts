// Spend and visitors over the period's days (POST /api/inputs, import-inputs): per source (the
// rows for a whole source), or per lead magnet or campaign (the rows given for one), for the
// report grouped that way.
import type { SourceInputRow } from "../../core/reporting/figure-rows.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

/** Which inputs: a whole source's, or those given per lead magnet or per campaign. */
export type InputKind = "source" | "leadMagnet" | "campaign";

const KEYS: Record<InputKind, { key: string; where: string }> = {
  source: { key: "source", where: `"leadMagnet" = '' AND campaign = ''` },
  leadMagnet: { key: `"leadMagnet"`, where: `"leadMagnet" <> ''` },
  campaign: { key: "campaign", where: `campaign <> ''` },
};

// Inputs are whole days; a row counts when it lies inside the period's days ($1 first day,
// $2 last day, both included). Partly overlapping rows are left out rather than prorated.
const declare = (kind: InputKind) =>
  statement<SourceInputRow, [firstDay: string, lastDay: string]>(
    `reportInputsBy${kind[0]!.toUpperCase()}${kind.slice(1)}`,
    ["k", "spend", "visitors", "currencies", "currency"],
    `
SELECT ${KEYS[kind].key} AS k,
  sum(spend)::float8 AS spend,
  sum(visitors)::int AS visitors,
  count(DISTINCT currency)::int AS currencies,
  min(currency) AS currency
FROM "SourceInput"
WHERE "periodStart" >= $1::date AND "periodEnd" <= $2::date AND ${KEYS[kind].where}
GROUP BY 1`,
  );
const sourceInputs = {
  source: declare("source"),
  leadMagnet: declare("leadMagnet"),
  campaign: declare("campaign"),
};

/** `firstDay` and `lastDay` are YYYY-MM-DD in the report's time zone, both included. */
export function readSourceInputs(
  tx: Tx,
  o: { firstDay: string; lastDay: string; kind?: InputKind },
): Promise<SourceInputRow[]> {
  return sourceInputs[o.kind ?? "source"].run(tx, o.firstDay, o.lastDay);
}
