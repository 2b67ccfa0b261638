// `leadops report calibration …` (report-calibration.ts), `leadops report email …` (report-email.ts), and `leadops report [period] [--by rep|source|segment|leadMagnet|campaign|country|region] [--format text|json|csv] [--tz ZONE]`.
import type { AppContext } from "../../context.ts";
import { type Period, resolvePeriod } from "../../core/reporting/period.ts";
import { renderReportCsv } from "../../core/reporting/render-report-csv.ts";
import { renderReportText } from "../../core/reporting/render-report-text.ts";
import { REPORT_DIMENSIONS, type Report, type ReportDimension } from "../../core/reporting/types.ts";
import { buildReport, MAX_TREND } from "../../flows/build-report.ts";
import type { ApiClient } from "../api-client.ts";
import { type CliCommand, type CliIo, parseArgs, UsageError } from "../io.ts";
import { runOnTarget } from "../target.ts";
import { runCalibration, runCalibrationOverApi } from "./report-calibration.ts";
import { runEmailReport, runEmailReportOverApi } from "./report-email.ts";

const FORMATS = ["text", "json", "csv"] as const;

/** parseArgs only knows a fixed list of value flags; `--tz Europe/Paris` is folded into `--tz=…`. */
export function foldValueFlags(args: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (names.includes(arg.replace(/^--/, "")) && arg.startsWith("--") && next && !next.startsWith("--")) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function flag(flags: Record<string, string | true>, name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

interface ReportArgs {
  period: string | undefined;
  from: string | undefined;
  to: string | undefined;
  tz: string | undefined;
  by: ReportDimension | undefined;
  format: (typeof FORMATS)[number];
  compare: "previous" | undefined;
  trend: number | undefined;
}

/** `--compare previous` and `--trend N` (2 to MAX_TREND). */
function trendFlags(flags: Record<string, string | true>): Pick<ReportArgs, "compare" | "trend"> {
  const compare = flag(flags, "compare");
  if (compare !== undefined && compare !== "previous") throw new UsageError("--compare must be previous");
  const trendText = flag(flags, "trend");
  const trend = trendText === undefined ? undefined : Number(trendText);
  if (trend !== undefined && !(Number.isInteger(trend) && trend >= 2 && trend <= MAX_TREND)) {
    throw new UsageError(`--trend must be a whole number from 2 to ${MAX_TREND}`);
  }
  return { compare, trend };
}

/** The arguments, checked here whichever way the report is built (the same errors either way). */
function parseReportArgs(args: string[], now: Date): ReportArgs {
  const { positional, flags } = parseArgs(foldValueFlags(args, ["tz", "compare", "trend"]));
  if (positional.length > 1) throw new UsageError(`Unexpected argument: ${positional[1]}`);
  const by = flag(flags, "by");
  if (by !== undefined && !(REPORT_DIMENSIONS as readonly string[]).includes(by)) {
    throw new UsageError(`--by must be one of ${REPORT_DIMENSIONS.join(", ")}`);
  }
  const format = flag(flags, "format") ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  }
  const parsed = {
    period: positional[0],
    from: flag(flags, "from"),
    to: flag(flags, "to"),
    tz: flag(flags, "tz"),
    by: by as ReportDimension | undefined,
    format: format as ReportArgs["format"],
    ...trendFlags(flags),
  };
  periodOf(parsed, now);
  return parsed;
}

function periodOf(a: Pick<ReportArgs, "period" | "from" | "to" | "tz">, now: Date): Period {
  return resolvePeriod({ period: a.period, from: a.from, to: a.to, timeZone: a.tz, now });
}

function printReport(report: Report, format: ReportArgs["format"], io: CliIo): number {
  if (format === "json") io.out(JSON.stringify(report, null, 2));
  else if (format === "csv") io.out(renderReportCsv(report).trimEnd());
  else io.out(renderReportText(report));
  return 0;
}

export async function runReport(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  if (args[0] === "calibration") return runCalibration(ctx, args.slice(1), io);
  if (args[0] === "email") return runEmailReport(ctx, args.slice(1), io);
  const now = ctx.now();
  const a = parseReportArgs(args, now);
  const report = await buildReport({
    db: ctx.db,
    period: periodOf(a, now),
    by: a.by,
    now,
    sources: ctx.rules.sources,
    compare: a.compare,
    trend: a.trend,
  });
  return printReport(report, a.format, io);
}

/** The same report from the running server (GET /api/report), printed the same way. */
export async function runReportOverApi(api: ApiClient, args: string[], io: CliIo): Promise<number> {
  if (args[0] === "calibration") return runCalibrationOverApi(api, args.slice(1), io);
  if (args[0] === "email") return runEmailReportOverApi(api, args.slice(1), io);
  const a = parseReportArgs(args, new Date());
  const query = new URLSearchParams();
  for (const key of ["period", "from", "to", "tz", "by", "compare", "trend"] as const) {
    const value = a[key];
    if (value !== undefined) query.set(key, String(value));
  }
  return printReport(await api.json<Report>("GET", `/api/report?${query}`), a.format, io);
}

export const reportCommand: CliCommand = {
  summary: "the report: counts, rates, sales, costs, speed-to-lead, SLA, team",
  usage:
    "leadops report [today|week|month|quarter|FROM..TO] [--by rep|source|segment|leadMagnet|campaign|country|region] [--format text|json|csv] [--tz ZONE] [--compare previous] [--trend N] [--url BASE]\n       leadops report calibration [year|FROM..TO] [--format text|json] [--tz ZONE] [--url BASE]\n       leadops report email [today|week|month|quarter|year|FROM..TO] [--format text|json] [--tz ZONE] [--url BASE]",
  run: (args, io) => runOnTarget(args, io, { direct: runReport, server: runReportOverApi }),
};
