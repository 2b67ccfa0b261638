// `leadops report calibration [year|FROM..TO] [--format text|json] [--tz ZONE]`.
import type { AppContext } from "../../context.ts";
import { resolvePeriod } from "../../core/reporting/period.ts";
import { renderCalibrationText } from "../../core/reporting/render-calibration.ts";
import { buildCalibration, CALIBRATION_DEFAULT_PERIOD } from "../../flows/build-calibration.ts";
import { type CliIo, UsageError } from "../io.ts";

export async function runCalibration(
  ctx: AppContext,
  o: {
    period: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    tz?: string | undefined;
    format: string;
  },
  io: CliIo,
): Promise<number> {
  if (o.format !== "text" && o.format !== "json")
    throw new UsageError("--format must be text or json for calibration");
  const now = ctx.now();
  const period = resolvePeriod({
    period: o.period ?? (o.from === undefined && o.to === undefined ? CALIBRATION_DEFAULT_PERIOD : undefined),
    from: o.from,
    to: o.to,
    timeZone: o.tz,
    now,
  });
  const report = await buildCalibration({
    db: ctx.db,
    period,
    thresholds: ctx.rules.scoring.thresholds,
    now,
  });
  io.out(o.format === "json" ? JSON.stringify(report, null, 2) : renderCalibrationText(report));
  return 0;
}
