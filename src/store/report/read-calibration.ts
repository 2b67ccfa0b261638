// The rows of the calibration report: the leads that became MQL in the period, counted by
// 10-point band of their score at that moment (Lead.mqlScore) and by each rule of their receipt,
// with how many of them reached SQL and how many were won. Shaped in core/reporting/calibration.ts.
import type { CalibrationBandRow, CalibrationRuleRow } from "../../core/reporting/calibration.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import { IN_PERIOD, type PeriodRange, rangeParams } from "./report-sql.ts";

// The population, shared by both statements: MQL in the period, with a score recorded, not forgotten.
const COHORT = `
SELECT l.id, l."mqlScore", l."sqlAt" IS NOT NULL AS to_sql,
  EXISTS (SELECT 1 FROM "Outcome" o WHERE o."leadId" = l.id AND o.kind = 'won') AS won
FROM "Lead" l
WHERE ${IN_PERIOD('l."mqlAt"')} AND l."mqlScore" IS NOT NULL AND l."forgottenAt" IS NULL`;

const bands = statement<CalibrationBandRow, [from: string, to: string]>(
  "reportCalibrationBands",
  ["band", "leads", "sql", "won"],
  `
WITH cohort AS (${COHORT})
SELECT (floor(c."mqlScore" / 10) * 10)::float8 AS band, count(*)::int AS leads,
  count(*) FILTER (WHERE c.to_sql)::int AS sql, count(*) FILTER (WHERE c.won)::int AS won
FROM cohort c GROUP BY 1 ORDER BY 1`,
);

// A rule counts once per lead however many receipt lines it gave (an event rule fires per event).
const rules = statement<CalibrationRuleRow, [from: string, to: string]>(
  "reportCalibrationRules",
  ["rule", "kind", "leads", "sql", "won"],
  `
WITH cohort AS (${COHORT}),
fired AS (SELECT DISTINCT e."leadId", e.rule, e.kind FROM "ScoreEntry" e JOIN cohort c ON c.id = e."leadId")
SELECT f.rule, f.kind, count(*)::int AS leads,
  count(*) FILTER (WHERE c.to_sql)::int AS sql, count(*) FILTER (WHERE c.won)::int AS won
FROM fired f JOIN cohort c ON c.id = f."leadId"
GROUP BY 1, 2 ORDER BY 2, 1`,
);

export function readCalibrationBands(tx: Tx, o: { range: PeriodRange }): Promise<CalibrationBandRow[]> {
  return bands.run(tx, ...rangeParams(o.range));
}

export function readCalibrationRules(tx: Tx, o: { range: PeriodRange }): Promise<CalibrationRuleRow[]> {
  return rules.run(tx, ...rangeParams(o.range));
}
