// `/leads report calibration [period]` (report-calibration.ts), `/leads report email [period]` (report-email.ts), `/leads report [period] [by rep|source|segment|leadMagnet|campaign|country|region]` and `/leads export [period]`: managers only.
import { ValidationError } from "../../../core/errors.ts";
import { parsePeriod } from "../../../core/reporting/period.ts";
import { renderChart } from "../../../core/reporting/render-chart.ts";
import { REPORT_DIMENSIONS, type ReportDimension } from "../../../core/reporting/types.ts";
import { requireManager } from "../../../core/roles.ts";
import { buildReport } from "../../../flows/build-report.ts";
import { exportLeadsCsv } from "../../../flows/export-leads.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import { reportMessage } from "../../render/report.ts";
import { replyPrivately } from "../../reply.ts";
import { reportCalibration } from "./report-calibration.ts";
import { reportEmail } from "./report-email.ts";
import type { Subcommand } from "./types.ts";
import { uploadChart } from "./upload-chart.ts";

export function parseReportArgs(args: string): { period: string | undefined; by: ReportDimension | null } {
  const words = args.split(/\s+/).filter(Boolean);
  let by: ReportDimension | null = null;
  const byAt = words.findIndex((w) => w.toLowerCase() === "by");
  if (byAt >= 0) {
    const dim = words[byAt + 1]?.toLowerCase();
    if (!dim || !(REPORT_DIMENSIONS as readonly string[]).includes(dim))
      throw new ValidationError("Use `by rep`, `by source` or `by segment`");
    by = dim as ReportDimension;
    words.splice(byAt, 2);
  }
  if (words.length > 1)
    throw new ValidationError(
      "Usage: `/leads report [today|week|month|quarter|FROM..TO] [by rep|source|segment|leadMagnet|campaign|country|region]`",
    );
  return { period: words[0], by };
}

export const report: Subcommand = async (input) => {
  const { deps, cmd, args, client } = input;
  const first = args.trim().split(/\s+/)[0]?.toLowerCase();
  if (first === "calibration") return reportCalibration(input);
  if (first === "email") return reportEmail(input);
  requireManager(deps.ctx.rules, cmd.user_id);
  const { period, by } = parseReportArgs(args);
  const now = deps.ctx.now();
  const result = await buildReport({
    db: deps.ctx.db,
    period: parsePeriod(period, { now }),
    by,
    now,
    sources: deps.ctx.rules.sources,
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
