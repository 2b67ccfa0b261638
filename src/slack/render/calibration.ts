// Maps the calibration report onto the report-summary builder: one row per score band, the rules
// with the highest lift, and the suggested thresholds.
import type { CalibrationReport } from "../../core/reporting/calibration.ts";
import { fmtNumber } from "../../core/reporting/format.ts";
import { bandLabel, fmtLift, fmtRate } from "../../core/reporting/render-calibration.ts";
import { buildReportSummary } from "../blocks/commands.ts";

/** Rules shown in Slack; the API and the CLI list them all. */
const RULES_SHOWN = 10;

export function calibrationMessage(c: CalibrationReport) {
  const { warm, hot } = c.suggestions;
  return buildReportSummary({
    title: "LeadOps calibration",
    period: `${c.period.label} (${c.period.from.slice(0, 10)}..${c.period.to.slice(0, 10)}, ${c.period.timeZone}) · ${c.leads} MQLs · warm ${c.thresholds.warm}, hot ${c.thresholds.hot}`,
    rows:
      c.bands.length === 0
        ? [{ label: "Leads that became MQL", value: 0 }]
        : c.bands.map((b) => ({
            label: `${bandLabel(b)} (${b.leads})`,
            value: `SQL ${fmtRate(b.toSql)} · won ${fmtRate(b.toWon)}`,
          })),
    groups: [
      {
        title: `Rules by lift to SQL (top ${RULES_SHOWN}; with ÷ without)`,
        rows: c.rules.slice(0, RULES_SHOWN).map((r) => ({
          label: `${r.rule} (${r.kind})`,
          value: `${fmtLift(r.sqlLift)} · won ${fmtLift(r.wonLift)} · ${fmtNumber(r.leadsWith, 0)} leads`,
        })),
      },
      {
        title: `Suggested thresholds (bands of ${c.minLeadsPerBand}+ leads; never applied automatically)`,
        rows: [
          { label: `Warm (now ${warm.current})`, value: `${warm.value ?? "—"}: ${warm.why}` },
          { label: `Hot (now ${hot.current})`, value: `${hot.value ?? "—"}: ${hot.why}` },
        ],
      },
    ],
  });
}
