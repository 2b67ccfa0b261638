// SQL fragments shared by the report's statements (the statements themselves are declared in
// the modules beside this one). Formulas: docs/report.md.
import type { ReportDimension } from "../../core/reporting/types.ts";

export interface DimensionSql {
  /**
   * The group key, an expression over `l`: a lead row (or a win, which carries its lead's
   * columns) with "ownerSlackId", "source" and "segments". NULL keys form the (none) group.
   */
  key: string;
  /**
   * Segment: a lead counts once in each of its current segments (unnest of Lead.segments), so
   * groups do not add up to the totals and the totals are read without the unnest.
   */
  segment: boolean;
  /**
   * A Lead column the key reads beyond "ownerSlackId", "source" and "segments": the statements'
   * narrow row sets carry it only for this dimension.
   */
  column?: string;
  /** The key of an SLA breach, over `a` (the assignment) and `l` (its lead, looked up). */
  breachKey: string;
  breachNeedsLead: boolean;
}

export const DIMENSIONS: Record<ReportDimension, DimensionSql> = {
  rep: {
    key: `l."ownerSlackId"`,
    segment: false,
    breachKey: `a."repSlackId"`,
    breachNeedsLead: false,
  },
  source: {
    key: `l."source"`,
    segment: false,
    breachKey: `l."source"`,
    breachNeedsLead: true,
  },
  segment: {
    key: `sm.segment`,
    segment: true,
    breachKey: `sm.segment`,
    breachNeedsLead: true,
  },
  leadMagnet: leadColumn("leadMagnet"),
  campaign: leadColumn("campaign"),
  country: leadColumn("country"),
  region: leadColumn("region"),
};

/** A dimension that is a plain column of the lead (as captured; an empty value is "(none)"). */
function leadColumn(column: string): DimensionSql {
  const key = `NULLIF(l."${column}", '')`;
  return { key, column: `"${column}"`, segment: false, breachKey: key, breachNeedsLead: true };
}

/** `, l.<column>` when the dimension needs a column the narrow row sets do not carry. */
export const extraColumn = (dim: DimensionSql | null, alias = "l") =>
  dim?.column ? `, ${alias}.${dim.column}` : "";

/** One row per current segment of `l`; a lead without any gets one row with a NULL segment. */
export const UNNEST_SEGMENTS = `LEFT JOIN LATERAL unnest(l."segments") AS sm(segment) ON true`;

// The lead of each win and breach. A plain join: the planner probes the Lead primary key for a
// month's few thousand rows and hashes them against a scan of Lead for a year's 100,000
// breaches (the outcome statement of a year by segment, alone: 0.70 s instead of 0.87 s; the
// same for a month).
export const LEAD_OF = (leadId: string) => `JOIN "Lead" l ON l.id = ${leadId}`;

// Timestamps are `timestamp without time zone` holding UTC; parameters are ISO strings cast
// with ::timestamp, which drops the "Z" instead of converting through the session time zone.
export const IN_PERIOD = (col: string) => `(${col} >= $1::timestamp AND ${col} < $2::timestamp)`;

// Seconds between two timestamps as float8. date_part, not extract: since PostgreSQL 14
// extract returns numeric, and the numeric arithmetic cost ~100 ms per million leads. Never
// negative: a duration cannot be, and a row that says so (a deal closed at the midnight before its
// lead was created, from the Won modal before close dates were read as instants) counts as 0,
// so one bad row cannot turn a median negative. A CASE, not greatest(): greatest ignores NULLs, and
// a missing end (no first response yet) must stay NULL, not become 0.
export const SECONDS = (to: string, from: string) =>
  `CASE WHEN ${to} < ${from} THEN 0 ELSE date_part('epoch', ${to} - ${from}) END`;

/** $1 and $2 of every report statement: the period, as ISO strings (see IN_PERIOD). */
export interface PeriodRange {
  from: Date;
  to: Date;
}

export function rangeParams(range: PeriodRange): [string, string] {
  return [range.from.toISOString(), range.to.toISOString()];
}

/**
 * One declared statement per report dimension, named `<prefix><Dimension>` (reportLeadsBySource …):
 * each grouping is its own fixed text, so PostgreSQL plans each once and the schema test sees all.
 */
export function perDimension<S>(
  prefix: string,
  declare: (name: string, dim: DimensionSql) => S,
): Record<ReportDimension, S> {
  const entries = (Object.keys(DIMENSIONS) as ReportDimension[]).map((d) => [
    d,
    declare(`${prefix}${d[0]!.toUpperCase()}${d.slice(1)}`, DIMENSIONS[d]),
  ]);
  return Object.fromEntries(entries) as Record<ReportDimension, S>;
}
