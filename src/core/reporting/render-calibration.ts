// The calibration report as text (`leadops report calibration`) and as a PNG chart for Slack:
// conversion to SQL and to won by score band at MQL, today's thresholds marked on their bands.
import type { CalibrationBand, CalibrationReport, Rate, RuleLift } from "./calibration.ts";
import { fmtNumber, fmtPct, MISSING } from "./format.ts";
import { type ChartBar, type ChartModel, drawChart } from "./render-chart.ts";

/** "60–69 HOT": the band, with the thresholds that fall in it. */
export function bandLabel(b: CalibrationBand): string {
  const marks = b.marks.map((m) => m.toUpperCase()).join(" ");
  return `${b.from}–${b.to - 1}${marks ? ` ${marks}` : ""}`;
}

/** "31.5% (17.2–48.9%)". */
export function fmtRate(r: Rate): string {
  if (r.pct === null) return MISSING;
  return `${fmtPct(r.pct)} (${fmtNumber(r.low, 1)}–${fmtPct(r.high)})`;
}

export function fmtLift(lift: number | null): string {
  return lift === null ? MISSING : `×${fmtNumber(lift, 2)}`;
}

export function ruleLine(r: RuleLift): string {
  return `${r.rule} (${r.kind}): to SQL ${fmtPct(r.sqlPctWith)} with, ${fmtPct(r.sqlPctWithout)} without, lift ${fmtLift(r.sqlLift)} · won lift ${fmtLift(r.wonLift)} · ${r.leadsWith} leads with, ${r.leadsWithout} without`;
}

export function renderCalibrationText(c: CalibrationReport): string {
  const lines = [
    `LeadOps calibration — ${c.period.label} (${c.period.from.slice(0, 10)}..${c.period.to.slice(0, 10)}, ${c.period.timeZone})`,
    `${c.leads} leads became MQL; bands are the total score at that moment. Thresholds today: warm ${c.thresholds.warm}, hot ${c.thresholds.hot}.`,
    "",
    "By score band (conversion with its 95% interval):",
  ];
  if (c.bands.length === 0) lines.push("  no leads became MQL in this period");
  for (const b of c.bands) {
    lines.push(
      `  ${bandLabel(b).padEnd(14)} ${String(b.leads).padStart(6)} leads · to SQL ${fmtRate(b.toSql)} · won ${fmtRate(b.toWon)}`,
    );
  }
  lines.push("", "By rule that fired (lift = conversion with the rule ÷ without it):");
  if (c.rules.length === 0) lines.push("  no rules fired for these leads");
  for (const r of c.rules) lines.push(`  ${ruleLine(r)}`);
  lines.push(
    "",
    `Suggested thresholds (bands of at least ${c.minLeadsPerBand} leads; never applied by LeadOps, edit leadops.yml to change them):`,
    `  warm: ${c.suggestions.warm.value ?? MISSING} — ${c.suggestions.warm.why}`,
    `  hot: ${c.suggestions.hot.value ?? MISSING} — ${c.suggestions.hot.why}`,
  );
  return lines.join("\n");
}

function bars(c: CalibrationReport, pick: (b: CalibrationBand) => { rate: Rate; n: number }): ChartBar[] {
  return c.bands.map((b) => {
    const { rate, n } = pick(b);
    return {
      label: bandLabel(b),
      value: rate.pct,
      text: rate.pct === null ? MISSING : `${fmtPct(rate.pct)} (${n}/${b.leads})`,
    };
  });
}

export function calibrationChartModel(c: CalibrationReport): ChartModel {
  return {
    title: `LeadOps calibration ${c.period.label}`,
    subtitle: `${c.leads} MQLs · warm ${c.thresholds.warm} · hot ${c.thresholds.hot} (bands marked)`,
    funnel: bars(c, (b) => ({ rate: b.toSql, n: b.sql })),
    conversion: bars(c, (b) => ({ rate: b.toWon, n: b.won })),
    conversionNote: c.bands.length === 0 ? "No leads became MQL in this period" : null,
    headings: { funnel: "To SQL by score at MQL", conversion: "To won by score at MQL" },
  };
}

export function renderCalibrationChart(c: CalibrationReport): Buffer {
  return drawChart(calibrationChartModel(c));
}
