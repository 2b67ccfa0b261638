// The report: one function behind GET /api/report, `leadops report` and `/leads report`.
// Everything is aggregated in SQL (FILTER, percentile_cont) so it stays fast on millions of
// rows; the same statements run on PGlite and PostgreSQL. Formulas: docs/report.md.

import { formatLocalDate, localDateOf, type Period } from "../core/reporting/period.ts";
import type {
  Fairness,
  RepLoad,
  Report,
  ReportDimension,
  ReportGroup,
  ReportMetrics,
  SourceCosts,
} from "../core/reporting/types.ts";
import type { Database } from "../store/db.ts";

export interface BuildReportOptions {
  db: Pick<Database, "transaction">;
  period: Period;
  /** Group by rep (lead owner), source or segment (current membership); omit for totals only. */
  by?: ReportDimension | null | undefined;
  /** "Now", for the speed-to-lead share (a lead younger than an hour is not yet late). */
  now: Date;
}

/** How a statement's row is grouped: the report's groups, its totals, or by owner / source
 * (the wins behind the per-rep table and the source costs). */
type RowSet = "group" | "total" | "owner" | "source";

interface DimensionSql {
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
  /** The key of an SLA breach, over `a` (the assignment) and `l` (its lead, looked up). */
  breachKey: string;
  breachNeedsLead: boolean;
}

const DIMENSIONS: Record<ReportDimension, DimensionSql> = {
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
};

/** One row per current segment of `l`; a lead without any gets one row with a NULL segment. */
const UNNEST_SEGMENTS = `LEFT JOIN LATERAL unnest(l."segments") AS sm(segment) ON true`;

// The lead of each win and breach. A plain join: the planner probes the Lead primary key for a
// month's few thousand rows and hashes them against a scan of Lead for a year's 100,000
// breaches (the outcome statement of a year by segment, alone: 0.70 s instead of 0.87 s; the
// same for a month).
// (An earlier version forced probes with LATERAL … OFFSET 0, when the planner's other choice
// for these statements was to hash the whole Lead table.)
const LEAD_OF = (leadId: string) => `JOIN "Lead" l ON l.id = ${leadId}`;

// Timestamps are `timestamp without time zone` holding UTC; parameters are ISO strings cast
// with ::timestamp, which drops the "Z" instead of converting through the session time zone.
const IN_PERIOD = (col: string) => `(${col} >= $1::timestamp AND ${col} < $2::timestamp)`;

/** Each group's speed-to-lead seconds, for percentiles sorted per group (see leadsSql). */
const STLS = "array_agg(l.stl) FILTER (WHERE l.stl IS NOT NULL) AS stls";

// Seconds between two timestamps as float8. date_part, not extract: since PostgreSQL 14
// extract returns numeric, and the numeric arithmetic cost ~100 ms per million leads.
const SECONDS = (to: string, from: string) => `date_part('epoch', ${to} - ${from})`;

/**
 * The lead figures: leads created, made MQL, made SQL or starting a free trial in the period,
 * read once through the indexes on those four times (one BitmapOr). What each figure needs of a
 * row is worked out next to the scan, so the aggregation carries narrow columns: stl (seconds
 * to first response) is NULL unless the lead was created in the period and answered, and the
 * flags are false or NULL where the figure does not count the row.
 *
 * `dim` null: the totals, one plain aggregate with percentile_cont in it. Rep or source: the
 * groups and the totals from one scan (GROUPING SETS). Segment: the groups alone (a lead counts
 * once in each of its segments); the totals are the `dim` null statement, run beside it.
 *
 * Groups by hash aggregation, not sorting: an ordered-set aggregate (percentile_cont … WITHIN
 * GROUP) in a grouped statement makes PostgreSQL sort every input row by the group key first (a
 * year: a million rows, on disk). So each group's speed-to-lead seconds are collected with
 * array_agg (which hashes) and sorted on their own for the percentiles: 0.77 s instead of 1.1 s
 * for a year by source, alone. For the totals, one group, percentile_cont straight in the
 * aggregate is the faster of the two (0.61 s against 0.73 s over a year).
 */
function leadsSql(dim: DimensionSql | null): string {
  const created = IN_PERIOD('l."createdAt"');
  const rows = `SELECT l."ownerSlackId", l."source"${dim?.segment ? `, l."segments"` : ""},
      ${created} AS created,
      ${created} AND l."isIql" AS iql,
      CASE WHEN ${created} THEN ${SECONDS('l."firstResponseAt"', 'l."createdAt"')} END AS stl,
      ${created} AND l."firstResponseAt" <= l."createdAt" + interval '1 hour' AS within_hour,
      ${created} AND (l."firstResponseAt" IS NOT NULL OR l."createdAt" <= $3::timestamp - interval '1 hour') AS due,
      ${IN_PERIOD('l."mqlAt"')} AS mql,
      ${IN_PERIOD('l."sqlAt"')} AS sql,
      ${IN_PERIOD('l."trialStartedAt"')} AS trial
    FROM "Lead" l
    WHERE ${created} OR ${IN_PERIOD('l."mqlAt"')} OR ${IN_PERIOD('l."sqlAt"')} OR ${IN_PERIOD('l."trialStartedAt"')}`;
  const figures = (stl: string) => `
  count(*) FILTER (WHERE l.created)::int AS leads,
  count(*) FILTER (WHERE l.iql)::int AS iql,
  count(l.stl)::int AS responded,
  ${stl},
  count(*) FILTER (WHERE l.within_hour)::int AS within_hour,
  count(*) FILTER (WHERE l.due)::int AS stl_due,
  count(*) FILTER (WHERE l.mql)::int AS mql,
  count(*) FILTER (WHERE l.sql)::int AS sql,
  count(*) FILTER (WHERE l.trial)::int AS free_trial`;
  if (!dim) {
    return `SELECT 'total' AS s, '' AS k, ${figures(
      "percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY l.stl)::float8[] AS stl_pcts",
    )} FROM (${rows}) l`;
  }
  const grouped = dim.segment
    ? `SELECT 'group' AS s, COALESCE(${dim.key}, '') AS k, ${figures(STLS)}
FROM (${rows}) l ${UNNEST_SEGMENTS}
GROUP BY ${dim.key}`
    : `SELECT CASE WHEN GROUPING(${dim.key}) = 1 THEN 'total' ELSE 'group' END AS s,
  COALESCE(${dim.key}, '') AS k, ${figures(STLS)}
FROM (${rows}) l
GROUP BY GROUPING SETS ((${dim.key}), ())`;
  return `SELECT g.s, g.k, g.leads, g.iql, g.responded, g.within_hour, g.stl_due, g.mql, g.sql, g.free_trial,
  (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY x) FROM unnest(g.stls) x)::float8[] AS stl_pcts
FROM (${grouped}) g`;
}

/**
 * The outcome figures, in one statement: the period's wins are read once, each with its lead's
 * columns looked up once (w), and every grouping of them is taken from those rows: the totals,
 * the report's groups, wins by owner (the per-rep table) and by source (the source costs).
 * Lifetime purchases (for CLV) are the won outcomes up to the period's end of the customers won
 * in the period; SLA breaches are assignments breached in the period. Each part leaves the
 * others' columns NULL; buildReport merges the rows by (s, k).
 */
function outcomesSql(dim: DimensionSql | null): string {
  const won = (s: RowSet, key: string | null, from = "w l") => `
SELECT '${s}' AS s, ${key === null ? "''" : `COALESCE(${key}, '')`} AS k,
  count(*)::int AS wins,
  count(DISTINCT l."leadId")::int AS customers,
  sum(l.amount)::float8 AS total_sales,
  count(l.amount)::int AS priced_wins,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${SECONDS('l."occurredAt"', 'l."createdAt"')})::float8 AS cycle_median,
  NULL::int AS lifetime_purchases, NULL::int AS sla_breaches
FROM ${from}${key === null ? "" : ` GROUP BY ${key}`}`;
  const lifetime = (s: RowSet, key: string | null, from = "p l") => `
SELECT '${s}', ${key === null ? "''" : `COALESCE(${key}, '')`}, NULL, NULL, NULL, NULL, NULL, count(*)::int, NULL
FROM ${from}${key === null ? "" : ` GROUP BY ${key}`}`;
  const breaches = (s: RowSet, d: DimensionSql | null) => {
    const lookup = d?.breachNeedsLead
      ? ` ${LEAD_OF('a."leadId"')}${d.segment ? ` ${UNNEST_SEGMENTS}` : ""}`
      : "";
    return `
SELECT '${s}', ${d ? `COALESCE(${d.breachKey}, '')` : "''"}, NULL, NULL, NULL, NULL, NULL, NULL, count(*)::int
FROM "Assignment" a${lookup}
WHERE ${IN_PERIOD('a."breachedAt"')}${d ? ` GROUP BY ${d.breachKey}` : ""}`;
  };
  const parts = [
    won("total", null),
    won("owner", 'l."ownerSlackId"'),
    won("source", 'l."source"'),
    lifetime("total", null),
    breaches("total", null),
  ];
  if (dim) {
    const unnest = dim.segment ? ` ${UNNEST_SEGMENTS}` : "";
    parts.push(
      won("group", dim.key, `w l${unnest}`),
      lifetime("group", dim.key, `p l${unnest}`),
      breaches("group", dim),
    );
  }
  return `
WITH w AS MATERIALIZED (
  SELECT o."leadId", o.amount, o."occurredAt", l."ownerSlackId", l."source", l."createdAt", l."segments"
  FROM "Outcome" o ${LEAD_OF('o."leadId"')}
  WHERE o.kind = 'won' AND ${IN_PERIOD('o."occurredAt"')}
), p AS MATERIALIZED (
  SELECT c."ownerSlackId", c."source", c."segments"
  FROM (SELECT DISTINCT ON ("leadId") "leadId", "ownerSlackId", "source", "segments" FROM w) c
    JOIN "Outcome" o ON o."leadId" = c."leadId"
  WHERE o.kind = 'won' AND o."occurredAt" < $2::timestamp
)
${parts.join("\nUNION ALL")}`;
}

interface MetricsRow {
  s: RowSet;
  k: string;
  leads: number | null;
  iql: number | null;
  responded: number | null;
  /** Speed-to-lead median and p90, seconds. */
  stl_pcts: (number | null)[] | null;
  within_hour: number | null;
  stl_due: number | null;
  mql: number | null;
  sql: number | null;
  free_trial: number | null;
  wins: number | null;
  customers: number | null;
  total_sales: number | null;
  priced_wins: number | null;
  cycle_median: number | null;
  lifetime_purchases: number | null;
  sla_breaches: number | null;
}

/** Leads created in the period per source, for the source costs (wins come from outcomesSql). */
const SOURCE_LEADS_SQL = `
SELECT 'source' AS s, COALESCE(l."source", '') AS k, count(*)::int AS leads
FROM "Lead" l WHERE ${IN_PERIOD('l."createdAt"')} GROUP BY 2`;

// Inputs are whole days; a row counts when it lies inside the period's days ($1 first day,
// $2 last day, both included). Partly overlapping rows are left out rather than prorated.
const INPUTS_SQL = `
SELECT source AS k,
  sum(spend)::float8 AS spend,
  sum(visitors)::int AS visitors,
  count(DISTINCT currency)::int AS currencies,
  min(currency) AS currency
FROM "SourceInput"
WHERE "periodStart" >= $1::date AND "periodEnd" <= $2::date
GROUP BY source`;

// Every rep of the Rep table, and any other id with assignments, breaches or open leads; each
// rep's wins come from outcomesSql (its "owner" rows). buildReport lists the reps that are
// active or have a figure.
const REPS_SQL = `
WITH asg AS (
  -- Assignments made and SLA breaches in one pass over the assignments.
  SELECT "repSlackId" AS id,
    count(*) FILTER (WHERE ${IN_PERIOD('"createdAt"')})::int AS assignments,
    count(*) FILTER (WHERE method = 'claim' AND ${IN_PERIOD('"createdAt"')})::int AS claims,
    count(*) FILTER (WHERE ${IN_PERIOD('"breachedAt"')})::int AS sla_breaches
  FROM "Assignment"
  WHERE "repSlackId" IS NOT NULL AND ((${IN_PERIOD('"createdAt"')}) OR (${IN_PERIOD('"breachedAt"')}))
  GROUP BY 1
), open AS (
  SELECT "ownerSlackId" AS id, count(*)::int AS open_leads
  FROM "Lead"
  WHERE "ownerSlackId" IS NOT NULL AND stage NOT IN ('customer', 'disqualified', 'nurture')
    AND "lostAt" IS NULL AND "forgottenAt" IS NULL
  GROUP BY 1
), ids AS (
  SELECT "slackId" AS id FROM "Rep" UNION SELECT id FROM asg UNION SELECT id FROM open
)
SELECT ids.id, r.name, COALESCE(r.active, false) AS active,
  COALESCE(open.open_leads, 0) AS open_leads, COALESCE(asg.assignments, 0) AS assignments,
  COALESCE(asg.claims, 0) AS claims, COALESCE(asg.sla_breaches, 0) AS sla_breaches
FROM ids
  LEFT JOIN "Rep" r ON r."slackId" = ids.id
  LEFT JOIN asg ON asg.id = ids.id
  LEFT JOIN open ON open.id = ids.id`;

interface RepRow {
  id: string;
  name: string | null;
  active: boolean;
  open_leads: number;
  assignments: number;
  claims: number;
  sla_breaches: number;
}

interface InputRow {
  k: string;
  spend: number | null;
  visitors: number | null;
  currencies: number;
  currency: string | null;
}

// Settings of the report's own read-only transactions (SET LOCAL: nothing outlives them).
// jit off: the planner's cost estimates over a year of rows switch JIT compilation on (with
// inlining and optimization past 500,000), and compiling took 1 to 1.8 s per statement, more
// than it saved; a month's statements gain nothing from it either. work_mem is left at the
// server's setting (16-128 MB made no difference, docs/report.md "Speed").
const SETTINGS = `set_config('transaction_read_only', 'on', true), set_config('jit', 'off', true)`;
// Every statement but the lead figures runs without parallel workers: a report runs up to 4
// statements at once, and on 2 cores the others' parallel plans took CPU from the longest one
// (made serial: year totals 1.09 s -> 0.91 s, each month case 13-20 % faster).
const SERIAL = `set_config('max_parallel_workers_per_gather', '0', true)`;
type ReportDb = BuildReportOptions["db"];

/**
 * Statements of one report running at once. The server app's pool has 10 connections shared
 * with intake and jobs; on the 2-core bench machine more than 4 at once gained nothing.
 */
const STATEMENTS_AT_ONCE = 4;

/** Runs the functions it is given at most `n` at a time, in the order they were given. */
function limiter(n: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** One statement in its own read-only transaction, with the report's settings. */
function read<T>(db: ReportDb, text: string, params: unknown[], parallel: boolean): Promise<T[]> {
  return db.transaction(async (tx) => {
    const sql = tx.sql;
    // One round trip for the settings.
    await sql.query(`SELECT ${SETTINGS}${parallel ? "" : `, ${SERIAL}`}`);
    return sql.query<T>(text, params);
  });
}

export async function buildReport({ db, period, by, now }: BuildReportOptions): Promise<Report> {
  const range = [period.from.toISOString(), period.to.toISOString(), now.toISOString()];
  const lastDay = new Date(period.to.getTime() - 1);
  const days = [
    formatLocalDate(localDateOf(period.from, period.timeZone)),
    formatLocalDate(localDateOf(lastDay, period.timeZone)),
  ];
  const dim = by ?? null;
  const grouped = dim ? DIMENSIONS[dim] : null;
  // Independent statements: on PostgreSQL they run on separate pooled connections, at most
  // STATEMENTS_AT_ONCE at a time (the rest of the app shares the pool), the longest first.
  const run = limiter(STATEMENTS_AT_ONCE);
  const query = <T>(text: string, params: unknown[] = [], parallel = false) =>
    run(() => read<T>(db, text, params, parallel));
  // A statement takes only the parameters it uses ($3, now, is the lead rows' alone).
  const leadRowsP = query<MetricsRow>(leadsSql(grouped), range, true);
  // By segment the totals are a statement of their own (see leadsSql).
  const segmentTotalsP = grouped?.segment
    ? query<MetricsRow>(leadsSql(null), range, true)
    : Promise.resolve([]);
  const outcomeRowsP = query<MetricsRow>(outcomesSql(grouped), range.slice(0, 2));
  const repRowsP = query<RepRow>(REPS_SQL, range.slice(0, 2));
  const inputRowsP = query<InputRow>(INPUTS_SQL, days);
  const segmentRowsP =
    dim === "segment"
      ? query<{ name: string }>(`SELECT name FROM "Segment" ORDER BY name`)
      : Promise.resolve([]);
  // By source the groups hold each source's leads already.
  const sourceLeadsP =
    dim === "source" ? Promise.resolve([]) : query<MetricsRow>(SOURCE_LEADS_SQL, range.slice(0, 2));
  const [leadRows, segmentTotals, outcomeRows, sourceLeads, inputRows, repRows, segmentRows] =
    await Promise.all([
      leadRowsP,
      segmentTotalsP,
      outcomeRowsP,
      sourceLeadsP,
      inputRowsP,
      repRowsP,
      segmentRowsP,
    ]);
  const rows = mergeRows([leadRows, segmentTotals, outcomeRows, sourceLeads]);
  const inSet = (s: RowSet) => rows.filter((r) => r.s === s);
  const totalRow = inSet("total")[0];
  const groupRows = inSet("group");
  const winsByOwner = new Map(inSet("owner").map((r) => [r.k, r.wins ?? 0]));

  const inputs = new Map(inputRows.map((r) => [r.k, r]));
  // A "source" row holds the source's leads (SOURCE_LEADS_SQL) and wins (outcomesSql); by
  // source the leads are the groups'. Sources with leads or wins are listed (and, in
  // sourceCosts, those with inputs).
  const leadsOf = new Map((dim === "source" ? groupRows : inSet("source")).map((r) => [r.k, r.leads ?? 0]));
  const winsOf = new Map(inSet("source").map((r) => [r.k, r.wins ?? 0]));
  const counts = [...new Set([...leadsOf.keys(), ...winsOf.keys()])]
    .map((k) => ({ k, leads: leadsOf.get(k) ?? 0, wins: winsOf.get(k) ?? 0 }))
    .filter((r) => r.leads > 0 || r.wins > 0);
  const sources = sourceCosts(counts, inputs);
  const costBySource = new Map(sources.map((s) => [s.source ?? "", s]));

  const totals = toMetrics(totalRow, totalCosts(sources));
  const repNames = new Map(repRows.map((r) => [r.id, r.name]));

  let groups: ReportGroup[] = [];
  if (dim) {
    const byKey = new Map(groupRows.map((r) => [r.k, r]));
    // Groups with nothing in the period still appear: active reps, configured segments,
    // sources with spend or visitors.
    const extraKeys =
      dim === "rep"
        ? repRows.filter((r) => r.active).map((r) => r.id)
        : dim === "segment"
          ? segmentRows.map((r) => r.name)
          : inputRows.map((r) => r.k);
    for (const k of extraKeys) if (!byKey.has(k)) byKey.set(k, emptyRow(k));
    groups = [...byKey.values()].map((row) => {
      const key = row.k === "" ? null : row.k;
      const costs = dim === "source" ? costBySource.get(row.k) : undefined;
      return {
        key,
        label: key === null ? "(none)" : dim === "rep" ? (repNames.get(key) ?? key) : key,
        metrics: toMetrics(row, costs),
      };
    });
    groups.sort(
      (a, b) =>
        b.metrics.leads - a.metrics.leads ||
        Number(a.key === null) - Number(b.key === null) ||
        a.label.localeCompare(b.label),
    );
  }

  // The reps that are active or have a figure; an owner known only from its wins (no Rep row)
  // is listed too, without a name.
  const known = new Set(repRows.map((r) => r.id));
  const wonOnly = [...winsByOwner.keys()].filter((id) => id !== "" && !known.has(id));
  const listed = [
    ...repRows,
    ...wonOnly.map((id) => ({
      id,
      name: null,
      active: false,
      open_leads: 0,
      assignments: 0,
      claims: 0,
      sla_breaches: 0,
    })),
  ]
    .map((r) => ({ ...r, wins: winsByOwner.get(r.id) ?? 0 }))
    .filter((r) => r.active || r.open_leads > 0 || r.assignments > 0 || r.sla_breaches > 0 || r.wins > 0)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const reps: RepLoad[] = listed.map((r) => ({
    repSlackId: r.id,
    name: r.name,
    openLeads: r.open_leads,
    assignments: r.assignments,
    claims: r.claims,
    wins: r.wins,
    slaBreaches: r.sla_breaches,
  }));
  const fairnessReps = listed.filter((r) => r.active || r.assignments > 0);

  return {
    period: {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      timeZone: period.timeZone,
      label: period.label,
    },
    by: dim,
    generatedAt: now.toISOString(),
    totals,
    groups,
    sources,
    reps,
    fairness: fairness(fairnessReps.map((r) => r.assignments)),
  };
}

/**
 * Merges the rows of the statements by (s, k), as a FULL JOIN on (s, k) would: each row sets
 * the figures it has (non-NULL) and a figure no row has stays NULL.
 */
function mergeRows(parts: MetricsRow[][]): MetricsRow[] {
  const rows = new Map<string, MetricsRow>();
  for (const part of parts) {
    for (const r of part) {
      const id = `${r.s}\u0000${r.k}`;
      let row = rows.get(id);
      if (!row) {
        row = { ...NULL_ROW, s: r.s, k: r.k };
        rows.set(id, row);
      }
      for (const [name, value] of Object.entries(r)) {
        if (value !== null && value !== undefined) Object.assign(row, { [name]: value });
      }
    }
  }
  return [...rows.values()];
}

const NULL_ROW: MetricsRow = {
  s: "group",
  k: "",
  leads: null,
  iql: null,
  responded: null,
  stl_pcts: null,
  within_hour: null,
  stl_due: null,
  mql: null,
  sql: null,
  free_trial: null,
  wins: null,
  customers: null,
  total_sales: null,
  priced_wins: null,
  cycle_median: null,
  lifetime_purchases: null,
  sla_breaches: null,
};

function emptyRow(k: string): MetricsRow {
  return {
    s: "group",
    k,
    leads: 0,
    iql: 0,
    responded: 0,
    stl_pcts: null,
    within_hour: 0,
    stl_due: 0,
    mql: 0,
    sql: 0,
    free_trial: 0,
    wins: 0,
    customers: 0,
    total_sales: null,
    priced_wins: 0,
    cycle_median: null,
    lifetime_purchases: 0,
    sla_breaches: 0,
  };
}

/** Rounds money and percentages to cents; null stays null, and x ÷ 0 is null, never NaN. */
export function ratio(numerator: number | null, denominator: number | null, scale = 1): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return round2((numerator / denominator) * scale);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function seconds(n: number | null): number | null {
  return n === null ? null : Math.round(Number(n));
}

interface CostInputs {
  spend: number | null;
  visitors: number | null;
  /** Leads and wins of the sources that have spend / visitors (the denominators). */
  leadsWithSpend: number;
  winsWithSpend: number;
  leadsWithVisitors: number;
}

function toMetrics(row: MetricsRow | undefined, costs?: SourceCosts | CostInputs): ReportMetrics {
  const r = row ?? emptyRow("");
  const n = (v: number | null) => Number(v ?? 0);
  const leads = n(r.leads);
  const wins = n(r.wins);
  const customers = n(r.customers);
  const pricedWins = n(r.priced_wins);
  const totalSales = round2(n(r.total_sales));
  const averageDealSize = pricedWins > 0 ? ratio(n(r.total_sales), pricedWins) : null;
  const purchasesPerCustomer = ratio(n(r.lifetime_purchases), customers);
  const clv =
    averageDealSize === null || purchasesPerCustomer === null
      ? null
      : round2((n(r.total_sales) / pricedWins) * (n(r.lifetime_purchases) / customers));

  let spend: number | null = null;
  let visitors: number | null = null;
  let costPerLead: number | null = null;
  let costPerSale: number | null = null;
  let optInRatePct: number | null = null;
  if (costs && "leadsWithSpend" in costs) {
    spend = costs.spend;
    visitors = costs.visitors;
    costPerLead = ratio(costs.spend, costs.leadsWithSpend);
    costPerSale = ratio(costs.spend, costs.winsWithSpend);
    optInRatePct = ratio(costs.leadsWithVisitors, costs.visitors, 100);
  } else if (costs) {
    ({ spend, visitors, costPerLead, costPerSale, optInRatePct } = costs);
  }

  return {
    leads,
    iql: n(r.iql),
    mql: n(r.mql),
    sql: n(r.sql),
    freeTrial: n(r.free_trial),
    customers,
    wins,
    visitors,
    spend,
    optInRatePct,
    salesConversionRatePct: ratio(wins, leads, 100),
    totalSales,
    averageDealSize,
    purchasesPerCustomer,
    customerLifetimeValue: clv,
    salesCycleMedianSeconds: seconds(r.cycle_median),
    costPerLead,
    costPerSale,
    speedToLead: {
      responded: n(r.responded),
      medianSeconds: seconds(r.stl_pcts?.[0] ?? null),
      p90Seconds: seconds(r.stl_pcts?.[1] ?? null),
      withinOneHourPct: ratio(n(r.within_hour), n(r.stl_due), 100),
    },
    slaBreaches: n(r.sla_breaches),
  };
}

function sourceCosts(counts: { k: string; leads: number; wins: number }[], inputs: Map<string, InputRow>) {
  const keys = new Set([...counts.map((c) => c.k), ...inputs.keys()]);
  const byKey = new Map(counts.map((c) => [c.k, c]));
  const rows: SourceCosts[] = [...keys].map((k) => {
    const c = byKey.get(k);
    const input = inputs.get(k);
    const leads = Number(c?.leads ?? 0);
    const wins = Number(c?.wins ?? 0);
    const spend = input?.spend ?? null;
    const visitors = input?.visitors ?? null;
    return {
      source: k === "" ? null : k,
      leads,
      wins,
      spend: spend === null ? null : round2(spend),
      currency: input ? (input.currencies > 1 ? "mixed" : input.currency) : null,
      visitors,
      optInRatePct: ratio(leads, visitors, 100),
      costPerLead: ratio(spend, leads),
      costPerSale: ratio(spend, wins),
    };
  });
  return rows.sort((a, b) => b.leads - a.leads || String(a.source).localeCompare(String(b.source)));
}

/** Totals use only the sources that have the input, so a source without spend does not lower cost per lead. */
function totalCosts(sources: SourceCosts[]): CostInputs {
  const withSpend = sources.filter((s) => s.spend !== null);
  const withVisitors = sources.filter((s) => s.visitors !== null);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    spend: withSpend.length ? round2(sum(withSpend.map((s) => s.spend!))) : null,
    visitors: withVisitors.length ? sum(withVisitors.map((s) => s.visitors!)) : null,
    leadsWithSpend: sum(withSpend.map((s) => s.leads)),
    winsWithSpend: sum(withSpend.map((s) => s.wins)),
    leadsWithVisitors: sum(withVisitors.map((s) => s.leads)),
  };
}

/** Rotation fairness over assignment counts per rep. */
export function fairness(assignments: number[]): Fairness {
  if (assignments.length === 0) {
    return { reps: 0, min: null, max: null, spread: null, mean: null, coefficientOfVariation: null };
  }
  const min = Math.min(...assignments);
  const max = Math.max(...assignments);
  const mean = assignments.reduce((a, b) => a + b, 0) / assignments.length;
  const variance = assignments.reduce((a, b) => a + (b - mean) ** 2, 0) / assignments.length;
  return {
    reps: assignments.length,
    min,
    max,
    spread: max - min,
    mean: round2(mean),
    coefficientOfVariation: mean === 0 ? null : round2(Math.sqrt(variance) / mean),
  };
}
