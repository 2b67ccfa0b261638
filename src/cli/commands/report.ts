// `leadops report calibration …` (report-calibration.ts), `leadops report email …` (report-email.ts), and `leadops report [period] [--by rep|source|segment|leadMagnet|campaign|country|region] [--format text|json|csv] [--tz ZONE]`.
import type { AppContext } from "../../context.ts";
import { resolvePeriod } from "../../core/reporting/period.ts";
import { renderReportCsv } from "../../core/reporting/render-report-csv.ts";
import { renderReportText } from "../../core/reporting/render-report-text.ts";
import { REPORT_DIMENSIONS, type ReportDimension } from "../../core/reporting/types.ts";
import { buildReport } from "../../flows/build-report.ts";
import { type CliCommand, type CliIo, parseArgs, UsageError } from "../io.ts";
import { openCliContext } from "../open.ts";
import { runCalibration } from "./report-calibration.ts";
import { runEmailReport } from "./report-email.ts";

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

export async function runReport(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const { positional, flags } = parseArgs(foldValueFlags(args, ["tz"]));
  if (positional[0] === "calibration") {
    if (positional.length > 2) throw new UsageError(`Unexpected argument: ${positional[2]}`);
    const format = flag(flags, "format") ?? "text";
    const range = { from: flag(flags, "from"), to: flag(flags, "to"), tz: flag(flags, "tz") };
    return runCalibration(ctx, { period: positional[1], ...range, format }, io);
  }
  if (positional[0] === "email") {
    if (positional.length > 2) throw new UsageError(`Unexpected argument: ${positional[2]}`);
    const format = flag(flags, "format") ?? "text";
    const range = { from: flag(flags, "from"), to: flag(flags, "to"), tz: flag(flags, "tz") };
    return runEmailReport(ctx, { period: positional[1], ...range, format }, io);
  }
  if (positional.length > 1) throw new UsageError(`Unexpected argument: ${positional[1]}`);
  const by = flag(flags, "by");
  if (by !== undefined && !(REPORT_DIMENSIONS as readonly string[]).includes(by)) {
    throw new UsageError(`--by must be one of ${REPORT_DIMENSIONS.join(", ")}`);
  }
  const format = flag(flags, "format") ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  }
  const now = ctx.now();
  const period = resolvePeriod({
    period: positional[0],
    from: flag(flags, "from"),
    to: flag(flags, "to"),
    timeZone: flag(flags, "tz"),
    now,
  });
  const report = await buildReport({
    db: ctx.db,
    period,
    by: by as ReportDimension | undefined,
    now,
    sources: ctx.rules.sources,
  });
  if (format === "json") io.out(JSON.stringify(report, null, 2));
  else if (format === "csv") io.out(renderReportCsv(report).trimEnd());
  else io.out(renderReportText(report));
  return 0;
}

export const reportCommand: CliCommand = {
  summary: "the report: counts, rates, sales, costs, speed-to-lead, SLA, team",
  usage:
    "leadops report [today|week|month|quarter|FROM..TO] [--by rep|source|segment|leadMagnet|campaign|country|region] [--format text|json|csv] [--tz ZONE]\n       leadops report calibration [year|FROM..TO] [--format text|json] [--tz ZONE]\n       leadops report email [today|week|month|quarter|year|FROM..TO] [--format text|json] [--tz ZONE]",
  async run(args, io) {
    const ctx = await openCliContext();
    try {
      return await runReport(ctx, args, io);
    } finally {
      await ctx.db.close();
    }
  },
};
