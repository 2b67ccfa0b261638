// Maps the email engagement report onto the report-summary builder: the total, then one row per
// campaign and per segment. A figure with no sends behind it is "—", never 0.
import type { EmailEngagementReport, EmailFigures } from "../../core/reporting/email-engagement.ts";
import { fmtNumber, fmtPct, MISSING } from "../../core/reporting/format.ts";
import { buildReportSummary } from "../blocks/commands.ts";

/** Groups shown in Slack per list; the API and the CLI list them all. */
const GROUPS_SHOWN = 15;

const count = (n: number | null) => (n === null ? MISSING : fmtNumber(n, 0));

function value(f: EmailFigures): string {
  return (
    `${count(f.sends)} sent · ${count(f.uniqueOpens)} opened (${count(f.opens)} opens) · ` +
    `${count(f.uniqueClicks)} clicked (${count(f.clicks)} clicks) · open ${fmtPct(f.openRate)} · ` +
    `CTR ${fmtPct(f.clickRate)} · CTOR ${fmtPct(f.clickToOpenRate)}`
  );
}

export function emailReportMessage(r: EmailEngagementReport) {
  const rows = (groups: EmailEngagementReport["byCampaign"], none: string) =>
    groups.slice(0, GROUPS_SHOWN).map((g) => ({ label: g.key ?? none, value: value(g) }));
  return buildReportSummary({
    title: "LeadOps email engagement",
    period: `${r.period.label} (${r.period.from.slice(0, 10)}..${r.period.to.slice(0, 10)}, ${r.period.timeZone})`,
    rows: [{ label: "Total", value: value(r.total) }],
    groups: [
      { title: "By campaign (properties.campaign)", rows: rows(r.byCampaign, "(no campaign)") },
      { title: "By segment", rows: rows(r.bySegment, "(none)") },
    ],
  });
}
