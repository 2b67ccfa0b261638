// `leadops report email [today|week|month|quarter|year|FROM..TO] [--format text|json] [--tz ZONE]`.
import type { AppContext } from "../../context.ts";
import { renderEmailEngagementText } from "../../core/reporting/email-engagement.ts";
import { resolvePeriod } from "../../core/reporting/period.ts";
import { buildEmailReport } from "../../flows/build-email-report.ts";
import { type CliIo, UsageError } from "../io.ts";

export async function runEmailReport(
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
    throw new UsageError("--format must be text or json for email");
  const now = ctx.now();
  const period = resolvePeriod({ period: o.period, from: o.from, to: o.to, timeZone: o.tz, now });
  const report = await buildEmailReport({ db: ctx.db, period, now });
  io.out(o.format === "json" ? JSON.stringify(report, null, 2) : renderEmailEngagementText(report));
  return 0;
}
