// `leadops report calibration [year|FROM..TO] [--format text|json] [--tz ZONE]`: directly, or from
// the running server (GET /api/report/calibration), printed the same way.
import type { AppContext } from "../../context.ts";
import type { CalibrationReport } from "../../core/reporting/calibration.ts";
import { renderCalibrationText } from "../../core/reporting/render-calibration.ts";
import { buildCalibration, CALIBRATION_DEFAULT_PERIOD } from "../../flows/build-calibration.ts";
import type { ApiClient } from "../api-client.ts";
import type { CliIo } from "../io.ts";
import { parseRangeArgs, type RangeArgs, rangePeriod, rangeQuery } from "./range-args.ts";

function print(report: CalibrationReport, format: RangeArgs["format"], io: CliIo): number {
  io.out(format === "json" ? JSON.stringify(report, null, 2) : renderCalibrationText(report));
  return 0;
}

export async function runCalibration(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const now = ctx.now();
  const a = parseRangeArgs(args, now, CALIBRATION_DEFAULT_PERIOD, "calibration");
  const period = rangePeriod(a, now, CALIBRATION_DEFAULT_PERIOD);
  const thresholds = ctx.rules.scoring.thresholds;
  return print(await buildCalibration({ db: ctx.db, period, thresholds, now }), a.format, io);
}

export async function runCalibrationOverApi(api: ApiClient, args: string[], io: CliIo): Promise<number> {
  const a = parseRangeArgs(args, new Date(), CALIBRATION_DEFAULT_PERIOD, "calibration");
  return print(
    await api.json<CalibrationReport>("GET", `/api/report/calibration?${rangeQuery(a)}`),
    a.format,
    io,
  );
}
