// `compare=previous`: the change of every figure against the previous period, absolute and in
// percent; null (shown "—") where either side is missing, and a percent change from 0 is null.
import { round2 } from "./round.ts";
import type { Report, ReportMetrics } from "./types.ts";

export interface FigureChange {
  current: number | null;
  previous: number | null;
  absolute: number | null;
  percent: number | null;
}

/** Figures by path: `leads`, `speedToLead.medianSeconds`, … */
export type MetricChanges = Record<string, FigureChange>;

export interface Comparison {
  period: Report["period"];
  totals: ReportMetrics;
  changes: MetricChanges;
  /** The groups of the current report, each against the previous period's group with the same key. */
  groups: { key: string | null; label: string; changes: MetricChanges }[];
}

/** Every numeric figure of the metrics, nested objects flattened into dotted paths. */
export function flattenMetrics(m: ReportMetrics | undefined): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const walk = (o: object, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (v !== null && typeof v === "object") walk(v, `${prefix}${k}.`);
      else if (v === null || typeof v === "number") out[`${prefix}${k}`] = v;
    }
  };
  if (m) walk(m, "");
  return out;
}

export function change(current: number | null, previous: number | null): FigureChange {
  if (current === null || previous === null) return { current, previous, absolute: null, percent: null };
  return {
    current,
    previous,
    absolute: round2(current - previous),
    percent: previous === 0 ? null : round2(((current - previous) / Math.abs(previous)) * 100),
  };
}

export function compareMetrics(current: ReportMetrics, previous: ReportMetrics | undefined): MetricChanges {
  const cur = flattenMetrics(current);
  const prev = flattenMetrics(previous);
  return Object.fromEntries(Object.keys(cur).map((k) => [k, change(cur[k] ?? null, prev[k] ?? null)]));
}

export function compareReports(current: Report, previous: Report): Comparison {
  const before = new Map(previous.groups.map((g) => [g.key, g.metrics]));
  return {
    period: previous.period,
    totals: previous.totals,
    changes: compareMetrics(current.totals, previous.totals),
    groups: current.groups.map((g) => ({
      key: g.key,
      label: g.label,
      changes: compareMetrics(g.metrics, before.get(g.key)),
    })),
  };
}
