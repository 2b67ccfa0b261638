// `leadops report email [today|week|month|quarter|year|FROM..TO] [--format text|json] [--tz ZONE]`:
// directly, or from the running server (GET /api/report/email), printed the same way.
import type { AppContext } from "../../context.ts";
import { renderEmailEngagementText } from "../../core/reporting/email-engagement.ts";
import { buildEmailReport } from "../../flows/build-email-report.ts";
import type { ApiClient } from "../api-client.ts";
import type { CliIo } from "../io.ts";
import { parseRangeArgs, type RangeArgs, rangePeriod, rangeQuery } from "./range-args.ts";

type EmailReport = Awaited<ReturnType<typeof buildEmailReport>>;

function print(report: EmailReport, format: RangeArgs["format"], io: CliIo): number {
  io.out(format === "json" ? JSON.stringify(report, null, 2) : renderEmailEngagementText(report));
  return 0;
}

export async function runEmailReport(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const now = ctx.now();
  const a = parseRangeArgs(args, now, undefined, "email");
  return print(
    await buildEmailReport({ db: ctx.db, period: rangePeriod(a, now, undefined), now }),
    a.format,
    io,
  );
}

export async function runEmailReportOverApi(api: ApiClient, args: string[], io: CliIo): Promise<number> {
  const a = parseRangeArgs(args, new Date(), undefined, "email");
  return print(await api.json<EmailReport>("GET", `/api/report/email?${rangeQuery(a)}`), a.format, io);
}
