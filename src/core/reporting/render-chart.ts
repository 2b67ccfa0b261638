// The report as a PNG chart for Slack: the funnel (leads → MQL → SQL → customers) and the sales
// conversion rate by source, as horizontal bars with their figures. A missing figure (null) is
// written "—" and gets no bar: it is never drawn as a 0.
import { advance, Canvas, clip, type Rgb, textHeight } from "./chart/draw.ts";
import { encodePng } from "./chart/png.ts";
import { fmtNumber, fmtPct, MISSING } from "./format.ts";
import type { Report } from "./types.ts";

export interface ChartBar {
  label: string;
  /** What the bar's length shows; null = missing (no bar). */
  value: number | null;
  /** The figure written after the bar. */
  text: string;
}

export interface ChartModel {
  title: string;
  subtitle: string;
  funnel: ChartBar[];
  conversion: ChartBar[];
  /** A line under the conversion bars (sources left out, or none at all). */
  conversionNote: string | null;
  /** Other section headings than the report's (the calibration chart); both sections are then rates. */
  headings?: { funnel: string; conversion: string };
  /** With `trend N`: leads per period, oldest first. */
  trend?: ChartBar[];
}

export const CHART_COLORS = {
  background: [255, 255, 255],
  text: [31, 41, 55],
  muted: [107, 114, 128],
  axis: [209, 213, 219],
  funnel: [37, 99, 235],
  conversion: [22, 163, 74],
} as const satisfies Record<string, Rgb>;

export const CHART_WIDTH = 800;
const MAX_SOURCES = 8;
const PAD = 24;
const LABEL_CHARS = 14;
const BAR_X = PAD + LABEL_CHARS * advance() + 12;
const VALUE_GAP = 10;
const VALUE_W = 20 * advance();
const BAR_MAX = CHART_WIDTH - BAR_X - VALUE_GAP - VALUE_W - PAD;
const BAR_H = 24;
const ROW_H = 36;

function day(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));
}

/** The figures the chart shows, taken from the report. */
export function chartModel(report: Report): ChartModel {
  const { period, totals } = report;
  const lastDay = new Date(new Date(period.to).getTime() - 1).toISOString();
  const share = (n: number) => (totals.leads > 0 ? ` (${fmtPct((n / totals.leads) * 100)})` : "");
  const funnel: ChartBar[] = [
    { label: "Leads", value: totals.leads, text: fmtNumber(totals.leads, 0) },
    { label: "MQL", value: totals.mql, text: `${fmtNumber(totals.mql, 0)}${share(totals.mql)}` },
    { label: "SQL", value: totals.sql, text: `${fmtNumber(totals.sql, 0)}${share(totals.sql)}` },
    {
      label: "Customers",
      value: totals.customers,
      text: `${fmtNumber(totals.customers, 0)}${share(totals.customers)}`,
    },
  ];
  const shown = report.sources.slice(0, MAX_SOURCES);
  const conversion: ChartBar[] = shown.map((s) => {
    const pct = s.leads > 0 ? Math.round((s.wins / s.leads) * 10_000) / 100 : null;
    return {
      label: s.source ?? "(none)",
      value: pct,
      text: pct === null ? MISSING : `${fmtPct(pct)} (${fmtNumber(s.wins, 0)}/${fmtNumber(s.leads, 0)})`,
    };
  });
  const left = report.sources.length - shown.length;
  const trend = report.trend?.map(
    (p): ChartBar => ({
      label: day(p.period.from, p.period.timeZone),
      value: p.totals.leads,
      text: `${fmtNumber(p.totals.leads, 0)} leads, ${fmtNumber(p.totals.customers, 0)} won`,
    }),
  );
  return {
    ...(trend ? { trend } : {}),
    title: `LeadOps report ${period.label}`,
    subtitle: `${day(period.from, period.timeZone)} to ${day(lastDay, period.timeZone)} (${period.timeZone})`,
    funnel,
    conversion,
    conversionNote:
      report.sources.length === 0
        ? "No leads in this period"
        : left > 0
          ? `+${left} more source${left === 1 ? "" : "s"} in the text report`
          : null,
  };
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ChartText {
  x: number;
  y: number;
  text: string;
  color: Rgb;
  scale: number;
}

export interface LaidOutBar {
  section: "funnel" | "conversion" | "trend";
  label: string;
  /** The bar itself; null when the figure is missing or 0. */
  rect: Rect | null;
  /** The band of the row the bar sits in. */
  row: Rect;
  color: Rgb;
}

export interface ChartLayout {
  width: number;
  height: number;
  texts: ChartText[];
  bars: LaidOutBar[];
  axes: Rect[];
}

/** Where everything goes: exported so tests can look at known pixels. */
export function layoutChart(model: ChartModel): ChartLayout {
  const texts: ChartText[] = [];
  const bars: LaidOutBar[] = [];
  const axes: Rect[] = [];
  let y = PAD;
  texts.push({ x: PAD, y, text: model.title, color: CHART_COLORS.text, scale: 3 });
  y += textHeight(3) + 10;
  texts.push({ x: PAD, y, text: model.subtitle, color: CHART_COLORS.muted, scale: 2 });
  y += textHeight() + 24;

  const section = (
    key: LaidOutBar["section"],
    heading: string,
    items: ChartBar[],
    scaleMax: number,
    color: Rgb,
  ) => {
    texts.push({ x: PAD, y, text: heading, color: CHART_COLORS.text, scale: 2 });
    y += textHeight() + 14;
    const top = y;
    for (const item of items) {
      const row = { x: BAR_X, y, w: BAR_MAX, h: BAR_H };
      const len = item.value === null || scaleMax <= 0 ? 0 : Math.round((item.value / scaleMax) * BAR_MAX);
      const w = item.value !== null && item.value > 0 ? Math.min(BAR_MAX, Math.max(2, len)) : 0;
      bars.push({ section: key, label: item.label, rect: w > 0 ? { ...row, w } : null, row, color });
      const ty = y + Math.round((BAR_H - textHeight()) / 2);
      texts.push({ x: PAD, y: ty, text: clip(item.label, LABEL_CHARS), color: CHART_COLORS.text, scale: 2 });
      texts.push({
        x: BAR_X + w + VALUE_GAP,
        y: ty,
        text: clip(item.text, 20),
        color: item.value === null ? CHART_COLORS.muted : CHART_COLORS.text,
        scale: 2,
      });
      y += ROW_H;
    }
    if (items.length > 0) axes.push({ x: BAR_X - 2, y: top - 4, w: 2, h: y - top - ROW_H + BAR_H + 8 });
  };

  const headings = model.headings;
  const funnelValues = model.funnel.map((b) => b.value ?? 0);
  const funnelMax = headings ? niceCeiling(Math.max(0, ...funnelValues)) : Math.max(0, ...funnelValues);
  section(
    "funnel",
    headings ? `${headings.funnel} (full bar = ${funnelMax}%)` : "Funnel",
    model.funnel,
    funnelMax,
    CHART_COLORS.funnel,
  );
  y += 16;
  // Rates are often a few percent: a full bar is the next round figure above the best source
  // (it can pass 100 %: wins of earlier leads), and the heading says which.
  const conversionMax = niceCeiling(Math.max(0, ...model.conversion.map((b) => b.value ?? 0)));
  section(
    "conversion",
    `${headings?.conversion ?? "Sales conversion by source"} (full bar = ${conversionMax}%)`,
    model.conversion,
    conversionMax,
    CHART_COLORS.conversion,
  );
  if (model.conversionNote) {
    texts.push({ x: PAD, y, text: model.conversionNote, color: CHART_COLORS.muted, scale: 2 });
    y += textHeight() + 10;
  }
  if (model.trend) {
    y += 16;
    const trendMax = Math.max(0, ...model.trend.map((b) => b.value ?? 0));
    section("trend", "Leads by period (period start)", model.trend, trendMax, CHART_COLORS.funnel);
  }
  return { width: CHART_WIDTH, height: y + PAD - 10, texts, bars, axes };
}

/** 1, 2, 5, 10, 20, 25, 50, 100, 200, … : the smallest at or above `n` (at least 1). */
export function niceCeiling(n: number): number {
  if (!Number.isFinite(n)) return 100;
  for (let p = 1; ; p *= 10) {
    for (const step of [1, 2, 2.5, 5]) if (step * p >= n && step * p >= 1) return step * p;
  }
}

/** Draws the chart and encodes it as PNG. */
export function drawChart(model: ChartModel): Buffer {
  const layout = layoutChart(model);
  const canvas = new Canvas(layout.width, layout.height, CHART_COLORS.background);
  for (const a of layout.axes) canvas.fillRect(a.x, a.y, a.w, a.h, CHART_COLORS.axis);
  for (const b of layout.bars) if (b.rect) canvas.fillRect(b.rect.x, b.rect.y, b.rect.w, b.rect.h, b.color);
  for (const t of layout.texts) canvas.text(t.x, t.y, t.text, t.color, t.scale);
  return encodePng(canvas.width, canvas.height, canvas.data);
}

/** The report's chart as a PNG file. */
export function renderChart(report: Report): Buffer {
  return drawChart(chartModel(report));
}
