// The report as plain text (Slack mrkdwn-safe: no tables, one figure per line), for
// `/leads report` and `leadops report --format text`.
import { fmtDuration, fmtMoney, fmtNumber, fmtPct } from "./format.ts";
import { comparisonLines, trendLines } from "./render-trend-text.ts";
import type { Report, ReportMetrics } from "./types.ts";

function day(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));
}

function metricLines(m: ReportMetrics, indent = ""): string[] {
  const s = m.speedToLead;
  return [
    `${indent}Leads ${m.leads} · IQL ${m.iql} · MQL ${m.mql} · SQL ${m.sql} · Free trial ${m.freeTrial} · Customers ${m.customers}`,
    `${indent}Opt-in rate ${fmtPct(m.optInRatePct)} · Sales conversion ${fmtPct(m.salesConversionRatePct)} (${m.wins} won)`,
    `${indent}Total sales ${fmtMoney(m.totalSales)} · Avg deal ${fmtMoney(m.averageDealSize)} · CLV ${fmtMoney(m.customerLifetimeValue)} · Sales cycle (median) ${fmtDuration(m.salesCycleMedianSeconds)}`,
    `${indent}Spend ${fmtMoney(m.spend)} · Cost per lead ${fmtMoney(m.costPerLead)} · Cost per sale ${fmtMoney(m.costPerSale)}`,
    `${indent}Speed-to-lead median ${fmtDuration(s.medianSeconds)} · p90 ${fmtDuration(s.p90Seconds)} · within 1h ${fmtPct(s.withinOneHourPct)} · SLA breaches ${m.slaBreaches}`,
  ];
}

export function renderReportText(report: Report): string {
  const { period } = report;
  const lastDay = new Date(new Date(period.to).getTime() - 1).toISOString();
  const lines: string[] = [
    `*LeadOps report* — ${period.label}: ${day(period.from, period.timeZone)} to ${day(lastDay, period.timeZone)} (${period.timeZone})`,
    "",
    ...metricLines(report.totals),
    ...comparisonLines(report),
    ...trendLines(report),
  ];

  if (report.by && report.groups.length > 0) {
    lines.push("", `*By ${report.by}*`);
    for (const g of report.groups) {
      lines.push(`• *${g.label}*`, ...metricLines(g.metrics, "    "));
    }
  }

  const costed = report.sources.filter((s) => s.spend !== null || s.visitors !== null);
  if (report.by !== "source" && costed.length > 0) {
    lines.push("", "*Cost by source*");
    for (const s of costed) {
      lines.push(
        `• ${s.source ?? "(none)"}: ${s.leads} leads, ${s.wins} won · spend ${fmtMoney(s.spend, s.currency)} · per lead ${fmtMoney(s.costPerLead)} · per sale ${fmtMoney(s.costPerSale)} · opt-in ${fmtPct(s.optInRatePct)}`,
      );
    }
  }

  if (report.reps.length > 0) {
    lines.push("", "*Team*");
    for (const r of report.reps) {
      lines.push(
        `• <@${r.repSlackId}>: ${r.openLeads} open · ${r.assignments} assigned (${r.claims} claimed) · ${r.wins} won · ${r.slaBreaches} SLA breaches`,
      );
    }
    const f = report.fairness;
    lines.push(
      `Rotation fairness: ${fmtNumber(f.min, 0)}–${fmtNumber(f.max, 0)} per rep (spread ${fmtNumber(f.spread, 0)}, CV ${fmtNumber(f.coefficientOfVariation)})`,
    );
  }
  return lines.join("\n");
}
