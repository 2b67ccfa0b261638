// `leadops report calibration [year|FROM..TO] [--format text|json] [--tz ZONE]`: directly, or from
// the running server (GET /api/report/calibration), printed the same way.
import type { AppContext } from "../../context.ts";
import type { CalibrationReport } from "../../core/reporting/calibration.ts";
import { resolvePeriod } from "../../core/reporting/period.ts";
import { renderCalibrationText } from "../../core/reporting/render-calibration.ts";
import { buildCalibration, CALIBRATION_DEFAULT_PERIOD } from "../../flows/build-calibration.ts";
import type { ApiClient } from "../api-client.ts";
import { type CliIo, parseArgs, UsageError } from "../io.ts";

interface CalibrationArgs {
  period: string | undefined;
  from: string | undefined;
  to: string | undefined;
  tz: string | undefined;
  format: "text" | "json";
}

function value(flags: Record<string, string | true>, name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

/** The arguments after `calibration`, checked the same way on both paths. */
function parseCalibrationArgs(args: string[], now: Date): CalibrationArgs {
  // `--tz Europe/Paris` is folded into `--tz=…` (parseArgs knows no `tz` value flag).
  const folded = args.flatMap((arg, i) => (args[i - 1] === "--tz" && !arg.startsWith("--") ? [] : [arg]));
  const { positional, flags } = parseArgs(
    folded.map((arg) => (arg === "--tz" ? `--tz=${args[args.indexOf("--tz") + 1] ?? ""}` : arg)),
  );
  if (positional.length > 1) throw new UsageError(`Unexpected argument: ${positional[1]}`);
  const format = value(flags, "format") ?? "text";
  if (format !== "text" && format !== "json")
    throw new UsageError("--format must be text or json for calibration");
  const a: CalibrationArgs = {
    period: positional[0],
    from: value(flags, "from"),
    to: value(flags, "to"),
    tz: value(flags, "tz"),
    format: format as CalibrationArgs["format"],
  };
  periodOf(a, now);
  return a;
}

function periodOf(a: CalibrationArgs, now: Date) {
  const noRange = a.from === undefined && a.to === undefined;
  return resolvePeriod({
    period: a.period ?? (noRange ? CALIBRATION_DEFAULT_PERIOD : undefined),
    from: a.from,
    to: a.to,
    timeZone: a.tz,
    now,
  });
}

function print(report: CalibrationReport, format: CalibrationArgs["format"], io: CliIo): number {
  io.out(format === "json" ? JSON.stringify(report, null, 2) : renderCalibrationText(report));
  return 0;
}

export async function runCalibration(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const now = ctx.now();
  const a = parseCalibrationArgs(args, now);
  const thresholds = ctx.rules.scoring.thresholds;
  return print(
    await buildCalibration({ db: ctx.db, period: periodOf(a, now), thresholds, now }),
    a.format,
    io,
  );
}

export async function runCalibrationOverApi(api: ApiClient, args: string[], io: CliIo): Promise<number> {
  const a = parseCalibrationArgs(args, new Date());
  const query = new URLSearchParams();
  for (const key of ["period", "from", "to", "tz"] as const) {
    const v = a[key];
    if (v !== undefined) query.set(key, v);
  }
  return print(await api.json<CalibrationReport>("GET", `/api/report/calibration?${query}`), a.format, io);
}
