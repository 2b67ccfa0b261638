// `/leads report calibration [period]` (report-calibration.ts), `/leads report email [period]` (report-email.ts), `/leads report [period] [by rep|source|segment|leadMagnet|campaign|country|region]` and `/leads export [period]`: managers only.
import { ValidationError } from "../../../core/errors.ts";
import { parsePeriod } from "../../../core/reporting/period.ts";
import { renderChart } from "../../../core/reporting/render-chart.ts";
import { REPORT_DIMENSIONS, type ReportDimension } from "../../../core/reporting/types.ts";
import { requireManager } from "../../../core/roles.ts";
import { buildReport, MAX_TREND } from "../../../flows/build-report.ts";
import { exportLeadsCsv } from "../../../flows/export-leads.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import { reportMessage } from "../../render/report.ts";
import { replyPrivately } from "../../reply.ts";
import { reportCalibration } from "./report-calibration.ts";
import { reportEmail } from "./report-email.ts";
import type { Subcommand } from "./types.ts";
import { uploadChart } from "./upload-chart.ts";

export interface ReportArgs {
  period: string | undefined;
  by: ReportDimension | null;
  compare?: "previous";
  trend?: number;
}

const USAGE =
  "Usage: `/leads report [today|week|month|quarter|FROM..TO] [by rep|source|segment|leadMagnet|campaign|country|region] [vs previous] [trend N]`";

export function parseReportArgs(args: string): ReportArgs {
  const words = args.split(/\s+/).filter(Boolean);
  const out: ReportArgs = { period: undefined, by: null };
  const take = (word: string): string | undefined => {
    const at = words.findIndex((w) => w.toLowerCase() === word);
    if (at < 0) return undefined;
    const value = words[at + 1]?.toLowerCase() ?? "";
    words.splice(at, 2);
    return value;
  };
  const by = take("by");
  if (by !== undefined) {
    if (!(REPORT_DIMENSIONS as readonly string[]).includes(by))
      throw new ValidationError(`Use ${REPORT_DIMENSIONS.map((d) => `\`by ${d}\``).join(", ")}`);
    out.by = by as ReportDimension;
  }
  const vs = take("vs");
  if (vs !== undefined) {
    if (vs !== "previous") throw new ValidationError("Use `vs previous` to compare with the period before");
    out.compare = "previous";
  }
  const trend = take("trend");
  if (trend !== undefined) {
    const n = Number(trend);
    if (!Number.isInteger(n) || n < 2 || n > MAX_TREND)
      throw new ValidationError(`Use \`trend N\` with N from 2 to ${MAX_TREND}`);
    out.trend = n;
  }
  if (words.length > 1) throw new ValidationError(USAGE);
  out.period = words[0];
  return out;
}

export const report: Subcommand = async (input) => {
  const { deps, cmd, args, client } = input;
  const first = args.trim().split(/\s+/)[0]?.toLowerCase();
  if (first === "calibration") return reportCalibration(input);
  if (first === "email") return reportEmail(input);
  requireManager(deps.ctx.rules, cmd.user_id);
  const { period, by, compare, trend } = parseReportArgs(args);
  const now = deps.ctx.now();
  const result = await buildReport({
    db: deps.ctx.db,
    period: parsePeriod(period, { now }),
    by,
    now,
    sources: deps.ctx.rules.sources,
    compare,
    trend,
  });
  // The text summary goes out first and stands on its own; the chart follows as a file.
  await replyPrivately(client, cmd, reportMessage(result));
  await uploadChart(
    { deps, cmd, client },
    {
      draw: () => renderChart(result),
      label: result.period.label,
      name: "leadops-report",
      title: `LeadOps report ${result.period.label}`,
      alt: "Funnel (leads, MQL, SQL, customers) and sales conversion by source",
    },
  );
  return null;
};

export const exportCsv: Subcommand = async ({ deps, cmd, args, client }) => {
  requireManager(deps.ctx.rules, cmd.user_id);
  const now = deps.ctx.now();
  const period = parsePeriod(args.trim() || undefined, { now });
  const csv = await exportLeadsCsv({ db: deps.ctx.db, period });
  // The file goes to the manager's DM: an export holds personal data, so never the channel.
  const im = await client.conversations.open({ users: cmd.user_id });
  const channel = im.channel?.id;
  if (!channel) throw new Error("conversations.open returned no channel");
  await client.files.uploadV2({
    channel_id: channel,
    filename: `leads-${period.label.replace(/[^\w.-]+/g, "_")}.csv`,
    content: csv,
    title: `Leads ${period.label}`,
  });
  return buildConfirmation(`The CSV export for ${period.label} is in your DMs with LeadOps.`);
};
