// Calibration: how the leads that became MQL converted, by the score they had at that moment and
// by the rules that fired for them, so marketing can see whether the warm and hot thresholds sit
// where conversion changes. Pure: the rows come from store/report/read-calibration.ts.
// Formulas and the suggestion rule: docs/report.md#calibration.
import { ratio, round2 } from "./round.ts";

export const BAND_WIDTH = 10;
/** A band with fewer leads is shown but never used for the suggestion. */
export const MIN_LEADS_PER_BAND = 30;
const Z95 = 1.959964;

export interface CalibrationBandRow {
  /** The band's lower bound: floor(score / 10) * 10. */
  band: number;
  leads: number;
  sql: number;
  won: number;
}

export interface CalibrationRuleRow {
  rule: string;
  /** fit | engagement */
  kind: string;
  leads: number;
  sql: number;
  won: number;
}

/** A rate in percent with its 95 % Wilson interval; null figures when there are no leads. */
export interface Rate {
  pct: number | null;
  low: number | null;
  high: number | null;
}

export interface CalibrationBand {
  /** Scores from `from` (included) to `to` (excluded). */
  from: number;
  to: number;
  leads: number;
  sql: number;
  won: number;
  toSql: Rate;
  toWon: Rate;
  /** Which of today's thresholds fall inside the band. */
  marks: ("warm" | "hot")[];
}

export interface RuleLift {
  rule: string;
  kind: string;
  /** Leads of the cohort the rule fired for, and the others. */
  leadsWith: number;
  leadsWithout: number;
  sqlPctWith: number | null;
  sqlPctWithout: number | null;
  /** Conversion to SQL with the rule ÷ without it; null when either side has no leads or 0 %. */
  sqlLift: number | null;
  wonPctWith: number | null;
  wonPctWithout: number | null;
  wonLift: number | null;
}

export interface ThresholdSuggestion {
  /** The suggested threshold, or null when there are not enough leads to say. */
  value: number | null;
  current: number;
  why: string;
}

export interface Calibration {
  thresholds: { warm: number; hot: number };
  minLeadsPerBand: number;
  leads: number;
  bands: CalibrationBand[];
  rules: RuleLift[];
  suggestions: { warm: ThresholdSuggestion; hot: ThresholdSuggestion };
}

/** The calibration as the API, the CLI and Slack give it. */
export interface CalibrationReport extends Calibration {
  period: { from: string; to: string; timeZone: string; label: string };
  generatedAt: string;
}

/** The 95 % Wilson score interval of `x` successes in `n`, in percent. */
export function wilson(x: number, n: number): Rate {
  if (n <= 0) return { pct: null, low: null, high: null };
  const p = x / n;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return {
    pct: round2(p * 100),
    low: round2(Math.max(0, centre - half) * 100),
    high: round2(Math.min(1, centre + half) * 100),
  };
}

export function calibrate(o: {
  bands: CalibrationBandRow[];
  rules: CalibrationRuleRow[];
  thresholds: { warm: number; hot: number };
  minLeadsPerBand?: number;
}): Calibration {
  const min = o.minLeadsPerBand ?? MIN_LEADS_PER_BAND;
  const { warm, hot } = o.thresholds;
  const bands = [...o.bands]
    .sort((a, b) => a.band - b.band)
    .map((r): CalibrationBand => {
      const marks: ("warm" | "hot")[] = [];
      if (warm >= r.band && warm < r.band + BAND_WIDTH) marks.push("warm");
      if (hot >= r.band && hot < r.band + BAND_WIDTH) marks.push("hot");
      return {
        from: r.band,
        to: r.band + BAND_WIDTH,
        leads: r.leads,
        sql: r.sql,
        won: r.won,
        toSql: wilson(r.sql, r.leads),
        toWon: wilson(r.won, r.leads),
        marks,
      };
    });
  const total = sum(bands, "leads");
  const totalSql = sum(bands, "sql");
  const totalWon = sum(bands, "won");
  const rules = o.rules.map((r): RuleLift => {
    const without = { leads: total - r.leads, sql: totalSql - r.sql, won: totalWon - r.won };
    const sqlPctWith = ratio(r.sql, r.leads, 100);
    const sqlPctWithout = ratio(without.sql, without.leads, 100);
    const wonPctWith = ratio(r.won, r.leads, 100);
    const wonPctWithout = ratio(without.won, without.leads, 100);
    return {
      rule: r.rule,
      kind: r.kind,
      leadsWith: r.leads,
      leadsWithout: without.leads,
      sqlPctWith,
      sqlPctWithout,
      sqlLift: ratio(sqlPctWith, sqlPctWithout),
      wonPctWith,
      wonPctWithout,
      wonLift: ratio(wonPctWith, wonPctWithout),
    };
  });
  rules.sort((a, b) => (b.sqlLift ?? -1) - (a.sqlLift ?? -1) || a.rule.localeCompare(b.rule));
  return {
    thresholds: { warm, hot },
    minLeadsPerBand: min,
    leads: total,
    bands,
    rules,
    suggestions: { warm: suggest(bands, warm, "warm", min), hot: suggest(bands, hot, "hot", min) },
  };
}

/**
 * The lowest band, with at least `min` leads, whose conversion to SQL is at least that of the band
 * holding today's threshold. Only a suggestion: thresholds change when a person edits leadops.yml.
 */
function suggest(bands: CalibrationBand[], current: number, name: string, min: number): ThresholdSuggestion {
  const start = Math.floor(current / BAND_WIDTH) * BAND_WIDTH;
  const ref = bands.find((b) => b.from === start);
  if (!ref || ref.leads < min || ref.toSql.pct === null) {
    return {
      value: null,
      current,
      why: `Not enough leads: the ${name} band ${start}–${start + BAND_WIDTH - 1} needs at least ${min} (it has ${ref?.leads ?? 0}).`,
    };
  }
  const target = ref.toSql.pct;
  const first = bands.find((b) => b.leads >= min && b.toSql.pct !== null && b.toSql.pct >= target) ?? ref;
  if (first.from >= start) {
    return {
      value: current,
      current,
      why: `No lower band converts to SQL as well as ${start}–${start + BAND_WIDTH - 1} (${target}%): keep ${current}.`,
    };
  }
  return {
    value: first.from,
    current,
    why: `Leads scoring ${first.from}–${first.to - 1} at MQL reached SQL at ${first.toSql.pct}%, at least the ${target}% of the ${name} band ${start}–${start + BAND_WIDTH - 1}.`,
  };
}

function sum(bands: CalibrationBand[], key: "leads" | "sql" | "won"): number {
  return bands.reduce((n, b) => n + b[key], 0);
}
