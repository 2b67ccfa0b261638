// Maps the reporting domain's Report onto the report-summary builder (one label/value per row).

import { fmtDuration, fmtMoney, fmtNumber, fmtPct } from "../../core/reporting/format.ts";
import { datesOf, fmtChange, TREND_FIGURES } from "../../core/reporting/render-trend-text.ts";
import type { Report, ReportMetrics } from "../../core/reporting/types.ts";
import { buildReportSummary } from "../blocks/commands.ts";
import type { ReportRowVM } from "../blocks/types.ts";

type ReportGroupVM = { title: string; rows: ReportRowVM[] };

function rows(m: ReportMetrics): ReportRowVM[] {
  const s = m.speedToLead;
  return [
    { label: "Leads", value: m.leads },
    { label: "IQL / MQL / SQL", value: `${m.iql} / ${m.mql} / ${m.sql}` },
    { label: "Free trials", value: m.freeTrial },
    { label: "Customers (wins)", value: `${m.customers} (${m.wins})` },
    { label: "Opt-in rate", value: m.optInRatePct === null ? null : fmtPct(m.optInRatePct) },
    {
      label: "Sales conversion",
      value: m.salesConversionRatePct === null ? null : fmtPct(m.salesConversionRatePct),
    },
    { label: "Total sales", value: fmtMoney(m.totalSales) },
    { label: "Average deal", value: m.averageDealSize === null ? null : fmtMoney(m.averageDealSize) },
    {
      label: "Customer lifetime value",
      value: m.customerLifetimeValue === null ? null : fmtMoney(m.customerLifetimeValue),
    },
    {
      label: "Sales cycle (median)",
      value: m.salesCycleMedianSeconds === null ? null : fmtDuration(m.salesCycleMedianSeconds),
    },
    { label: "Cost per lead / sale", value: `${fmtMoney(m.costPerLead)} / ${fmtMoney(m.costPerSale)}` },
    {
      label: "Speed-to-lead median / p90",
      value: `${fmtDuration(s.medianSeconds)} / ${fmtDuration(s.p90Seconds)}`,
    },
    { label: "Answered within 1 h", value: s.withinOneHourPct === null ? null : fmtPct(s.withinOneHourPct) },
    { label: "SLA breaches", value: m.slaBreaches },
  ];
}

export function reportMessage(report: Report) {
  return buildReportSummary({
    title: "LeadOps report",
    period: `${report.period.label} (${report.period.from.slice(0, 10)}..${report.period.to.slice(0, 10)}, ${report.period.timeZone})`,
    rows: rows(report.totals),
    groups: [...trendGroups(report), ...groupsOf(report)],
  });
}

/** `vs previous` and `trend N`: shown before the groups, as they are about the totals. */
function trendGroups(report: Report): ReportGroupVM[] {
  const out: ReportGroupVM[] = [];
  const c = report.comparison;
  if (c) {
    out.push({
      title: `Compared with ${c.period.label}`,
      rows: TREND_FIGURES.map((f) => ({ label: f.label, value: fmtChange(c.changes[f.path]) })),
    });
  }
  if (report.trend) {
    out.push({
      title: `Trend, last ${report.trend.length} periods`,
      rows: report.trend.map((p) => ({
        label: datesOf(p.period),
        value: `leads ${p.totals.leads} · SQL ${p.totals.sql} · customers ${p.totals.customers} · sales ${fmtMoney(p.totals.totalSales)}`,
      })),
    });
  }
  return out;
}

function groupsOf(report: Report): ReportGroupVM[] {
  return report.groups.map((g) => ({
    title: g.key && /^[UW][A-Z0-9]+$/.test(g.key) ? `${g.label} (${g.key})` : g.label,
    rows: [
      { label: "Leads", value: g.metrics.leads },
      { label: "Wins", value: g.metrics.wins },
      { label: "Total sales", value: fmtMoney(g.metrics.totalSales) },
      { label: "Speed-to-lead median", value: fmtDuration(g.metrics.speedToLead.medianSeconds) },
      { label: "SLA breaches", value: fmtNumber(g.metrics.slaBreaches, 0) },
    ],
  }));
}
