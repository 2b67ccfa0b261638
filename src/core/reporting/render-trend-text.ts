// The comparison and the trend of the report as text lines (for the CLI's text report and Slack).
import type { FigureChange } from "./compare.ts";
import { fmtNumber, fmtPct, MISSING } from "./format.ts";
import { formatLocalDate, localDateOf } from "./period.ts";
import type { Report, ReportMetrics } from "./types.ts";

/** The figures a comparison and a trend show, with their labels (every other figure is in the JSON). */
export const TREND_FIGURES: readonly { path: string; label: string }[] = [
  { path: "leads", label: "Leads" },
  { path: "mql", label: "MQL" },
  { path: "sql", label: "SQL" },
  { path: "freeTrial", label: "Free trials" },
  { path: "customers", label: "Customers" },
  { path: "totalSales", label: "Total sales" },
  { path: "optInRatePct", label: "Opt-in rate %" },
  { path: "salesConversionRatePct", label: "Sales conversion %" },
  { path: "costPerLead", label: "Cost per lead" },
  { path: "speedToLead.medianSeconds", label: "Speed-to-lead median (s)" },
  { path: "slaBreaches", label: "SLA breaches" },
];

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : text);

/** "120 vs 100: +20 (+20%)"; "—" on whichever side is missing. */
export function fmtChange(c: FigureChange | undefined): string {
  if (!c) return MISSING;
  const abs = c.absolute === null ? MISSING : signed(c.absolute, fmtNumber(c.absolute));
  const pct = c.percent === null ? MISSING : signed(c.percent, fmtPct(c.percent));
  return `${fmtNumber(c.current)} vs ${fmtNumber(c.previous)}: ${abs} (${pct})`;
}

export function figureOf(m: ReportMetrics, path: string): number | null {
  let v: unknown = m;
  for (const k of path.split(".")) v = (v as Record<string, unknown> | null)?.[k];
  return typeof v === "number" ? v : null;
}

/** "2026-11-01..2026-12-01" in the period's zone (TO excluded, as everywhere in reports). */
export function datesOf(p: Report["period"]): string {
  const d = (iso: string) => formatLocalDate(localDateOf(new Date(iso), p.timeZone));
  return `${d(p.from)}..${d(p.to)}`;
}

export function comparisonLines(report: Report): string[] {
  const c = report.comparison;
  if (!c) return [];
  const lines = ["", `*Compared with ${c.period.label}*`];
  for (const f of TREND_FIGURES) lines.push(`• ${f.label}: ${fmtChange(c.changes[f.path])}`);
  return lines;
}

export function trendLines(report: Report): string[] {
  const t = report.trend;
  if (!t) return [];
  const lines = ["", `*Trend, last ${t.length} periods*`];
  for (const p of t) {
    const m = p.totals;
    lines.push(
      `• ${datesOf(p.period)}: leads ${m.leads} · MQL ${m.mql} · SQL ${m.sql} · customers ${m.customers} · sales ${fmtNumber(m.totalSales)} · conversion ${fmtPct(m.salesConversionRatePct)}`,
    );
  }
  return lines;
}
