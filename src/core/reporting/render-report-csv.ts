// The report as CSV: one row for the totals, then one per group (`leadops report --format csv`).
// Missing figures are empty cells, which spreadsheets treat as "no value", not 0.
import { csvLine } from "./csv.ts";
import type { Report, ReportMetrics } from "./types.ts";

const COLUMNS: [string, (m: ReportMetrics) => number | null][] = [
  ["leads", (m) => m.leads],
  ["iql", (m) => m.iql],
  ["mql", (m) => m.mql],
  ["sql", (m) => m.sql],
  ["free_trial", (m) => m.freeTrial],
  ["customers", (m) => m.customers],
  ["wins", (m) => m.wins],
  ["visitors", (m) => m.visitors],
  ["opt_in_rate_pct", (m) => m.optInRatePct],
  ["sales_conversion_rate_pct", (m) => m.salesConversionRatePct],
  ["total_sales", (m) => m.totalSales],
  ["average_deal_size", (m) => m.averageDealSize],
  ["purchases_per_customer", (m) => m.purchasesPerCustomer],
  ["customer_lifetime_value", (m) => m.customerLifetimeValue],
  ["sales_cycle_median_seconds", (m) => m.salesCycleMedianSeconds],
  ["spend", (m) => m.spend],
  ["cost_per_lead", (m) => m.costPerLead],
  ["cost_per_sale", (m) => m.costPerSale],
  ["speed_to_lead_responded", (m) => m.speedToLead.responded],
  ["speed_to_lead_median_seconds", (m) => m.speedToLead.medianSeconds],
  ["speed_to_lead_p90_seconds", (m) => m.speedToLead.p90Seconds],
  ["speed_to_lead_within_1h_pct", (m) => m.speedToLead.withinOneHourPct],
  ["sla_breaches", (m) => m.slaBreaches],
];

export function renderReportCsv(report: Report): string {
  const head = ["period_from", "period_to", "time_zone", "group_by", "group", ...COLUMNS.map(([c]) => c)];
  const row = (group: string, m: ReportMetrics) =>
    csvLine([
      report.period.from,
      report.period.to,
      report.period.timeZone,
      report.by ?? "",
      group,
      ...COLUMNS.map(([, get]) => get(m)),
    ]);
  const lines = [csvLine(head), row("(total)", report.totals)];
  for (const g of report.groups) lines.push(row(g.key ?? "(none)", g.metrics));
  return `${lines.join("\r\n")}\r\n`;
}
