// Email engagement figures (docs/report.md#email-engagement). Standard definitions:
// - open rate = unique opens ÷ sends, click-through rate (CTR) = unique clicks ÷ sends,
// - click-to-open rate (CTOR) = unique clicks ÷ unique opens,
// where sends count email_sent events and the unique figures count distinct leads. Without any
// email_sent event a group's sends are unknown (null, "—"), never 0, and so are the rates on them.
import { fmtNumber, fmtPct, MISSING } from "./format.ts";
import { ratio } from "./round.ts";

/** One row of counts as the store reads it; `key` null is the (none) group, `total` the grand total. */
export interface EmailCountRow {
  key: string | null;
  total: boolean;
  sends: number;
  opens: number;
  uniqueOpens: number;
  clicks: number;
  uniqueClicks: number;
}

export interface EmailFigures {
  sends: number | null;
  opens: number;
  uniqueOpens: number;
  clicks: number;
  uniqueClicks: number;
  /** Percent. */
  openRate: number | null;
  clickRate: number | null;
  clickToOpenRate: number | null;
}

export interface EmailGroup extends EmailFigures {
  key: string | null;
}

export interface EmailEngagementReport {
  period: { from: string; to: string; timeZone: string; label: string };
  generatedAt: string;
  total: EmailFigures;
  byCampaign: EmailGroup[];
  bySegment: EmailGroup[];
}

const ZERO: EmailCountRow = {
  key: null,
  total: true,
  sends: 0,
  opens: 0,
  uniqueOpens: 0,
  clicks: 0,
  uniqueClicks: 0,
};

export function emailFigures(row: EmailCountRow): EmailFigures {
  const sends = row.sends > 0 ? row.sends : null;
  return {
    sends,
    opens: row.opens,
    uniqueOpens: row.uniqueOpens,
    clicks: row.clicks,
    uniqueClicks: row.uniqueClicks,
    openRate: ratio(row.uniqueOpens, sends, 100),
    clickRate: ratio(row.uniqueClicks, sends, 100),
    clickToOpenRate: ratio(row.uniqueClicks, row.uniqueOpens, 100),
  };
}

export function assembleEmailEngagement(o: {
  period: EmailEngagementReport["period"];
  generatedAt: string;
  byCampaign: readonly EmailCountRow[];
  bySegment: readonly EmailCountRow[];
}): EmailEngagementReport {
  const total = o.byCampaign.find((r) => r.total) ?? ZERO;
  const group = (r: EmailCountRow): EmailGroup => ({ key: r.key, ...emailFigures(r) });
  return {
    period: o.period,
    generatedAt: o.generatedAt,
    total: emailFigures(total),
    byCampaign: o.byCampaign.filter((r) => !r.total).map(group),
    bySegment: o.bySegment.map(group),
  };
}

const HEAD = "sends · opens (unique) · clicks (unique) · open rate · CTR · click-to-open";

function line(label: string, f: EmailFigures): string {
  const n = (v: number | null) => (v === null ? MISSING : fmtNumber(v, 0));
  return (
    `${label}: ${n(f.sends)} · ${n(f.opens)} (${n(f.uniqueOpens)}) · ${n(f.clicks)} (${n(f.uniqueClicks)}) · ` +
    `${fmtPct(f.openRate)} · ${fmtPct(f.clickRate)} · ${fmtPct(f.clickToOpenRate)}`
  );
}

/** Plain-text lines (CLI and Slack): the total, then by campaign and by segment. */
export function renderEmailEngagementLines(r: EmailEngagementReport): string[] {
  const out = [`Email engagement ${r.period.label} (${r.period.timeZone})`, HEAD, line("Total", r.total)];
  out.push("", "By campaign");
  if (r.byCampaign.length === 0) out.push(`  ${MISSING}`);
  for (const g of r.byCampaign) out.push(`  ${line(g.key ?? "(no campaign)", g)}`);
  out.push("", "By segment");
  if (r.bySegment.length === 0) out.push(`  ${MISSING}`);
  for (const g of r.bySegment) out.push(`  ${line(g.key ?? "(none)", g)}`);
  return out;
}

export function renderEmailEngagementText(r: EmailEngagementReport): string {
  return `${renderEmailEngagementLines(r).join("\n")}\n`;
}
