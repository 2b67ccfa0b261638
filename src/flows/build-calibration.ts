// The calibration report: one function behind GET /api/report/calibration,
// `leadops report calibration` and `/leads report calibration`.
import { type CalibrationReport, calibrate } from "../core/reporting/calibration.ts";
import type { Period } from "../core/reporting/period.ts";
import type { Database } from "../store/db.ts";
import { readCalibrationBands, readCalibrationRules } from "../store/report/read-calibration.ts";

/** Calibration needs many leads per band: without a period it covers the year so far. */
export const CALIBRATION_DEFAULT_PERIOD = "year";

export async function buildCalibration(o: {
  db: Pick<Database, "transaction">;
  period: Period;
  thresholds: { warm: number; hot: number };
  now: Date;
}): Promise<CalibrationReport> {
  const range = { from: o.period.from, to: o.period.to };
  // One snapshot for both statements, so the rule counts add up to the band counts.
  const { bands, rules } = await o.db.transaction(async (tx) => ({
    bands: await readCalibrationBands(tx, { range }),
    rules: await readCalibrationRules(tx, { range }),
  }));
  return {
    period: {
      from: o.period.from.toISOString(),
      to: o.period.to.toISOString(),
      timeZone: o.period.timeZone,
      label: o.period.label,
    },
    generatedAt: o.now.toISOString(),
    ...calibrate({ bands, rules, thresholds: o.thresholds }),
  };
}
