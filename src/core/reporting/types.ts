// The report's shape: what the API returns as JSON and what the text and CSV renderers read.
// Every figure that cannot be computed (no visitors, no spend, nothing to divide by) is null,
// never 0 or NaN; docs/report.md gives each formula.

import type { Comparison } from "./compare.ts";

export const REPORT_DIMENSIONS = [
  "rep",
  "source",
  "segment",
  "leadMagnet",
  "campaign",
  "country",
  "region",
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface SpeedToLead {
  /** Leads created in the period that have a first response. */
  responded: number;
  /** Median of firstResponseAt − createdAt, in seconds. */
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** Leads answered within one hour ÷ leads that are answered or older than one hour × 100. */
  withinOneHourPct: number | null;
}

export interface ReportMetrics {
  /** Leads created in the period. */
  leads: number;
  iql: number;
  /** Leads that became MQL (mqlAt) in the period. */
  mql: number;
  sql: number;
  /** Distinct leads with a trial_started event in the period. */
  freeTrial: number;
  /** Distinct leads with a won outcome in the period. */
  customers: number;
  /** Won outcomes in the period. */
  wins: number;
  visitors: number | null;
  spend: number | null;
  optInRatePct: number | null;
  salesConversionRatePct: number | null;
  totalSales: number;
  averageDealSize: number | null;
  purchasesPerCustomer: number | null;
  customerLifetimeValue: number | null;
  salesCycleMedianSeconds: number | null;
  costPerLead: number | null;
  costPerSale: number | null;
  speedToLead: SpeedToLead;
  /** Assignments whose SLA was breached (breachedAt) in the period. */
  slaBreaches: number;
}

export interface ReportGroup {
  /** The rep's Slack id, the source or the segment; null for leads without one. */
  key: string | null;
  /** The rep's name when known, else the key, else "(none)". */
  label: string;
  metrics: ReportMetrics;
}

export interface SourceCosts {
  source: string | null;
  leads: number;
  wins: number;
  spend: number | null;
  currency: string | null;
  visitors: number | null;
  optInRatePct: number | null;
  costPerLead: number | null;
  costPerSale: number | null;
}

export interface RepLoad {
  repSlackId: string;
  name: string | null;
  /** Open leads owned now (not customer, disqualified, nurture, lost). */
  openLeads: number;
  /** Assignments made to the rep in the period (any method, claims included). */
  assignments: number;
  claims: number;
  wins: number;
  slaBreaches: number;
}

export interface Fairness {
  /** Reps counted: active reps plus any rep assigned a lead in the period. */
  reps: number;
  min: number | null;
  max: number | null;
  /** max − min assignments. */
  spread: number | null;
  mean: number | null;
  /** Population standard deviation ÷ mean (0 = perfectly even); null when nothing was assigned. */
  coefficientOfVariation: number | null;
}

export interface Report {
  period: { from: string; to: string; timeZone: string; label: string };
  by: ReportDimension | null;
  generatedAt: string;
  totals: ReportMetrics;
  groups: ReportGroup[];
  sources: SourceCosts[];
  reps: RepLoad[];
  fairness: Fairness;
  /** With `compare=previous`: the previous period of the same length and every figure's change. */
  comparison?: Comparison;
  /** With `trend=N`: the totals of the last N periods, oldest first, this one last. */
  trend?: TrendPoint[];
}

export interface TrendPoint {
  period: Report["period"];
  totals: ReportMetrics;
}
