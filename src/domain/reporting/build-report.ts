// The report: one function behind GET /api/report, `leadops report` and `/leads report`.
// Everything is aggregated in SQL (FILTER, percentile_cont) so it stays fast on millions of
// rows; the same statements run on PGlite and PostgreSQL. Formulas: docs/report.md.
import type { Database } from "../../db/client.ts";
import { sqlFor } from "../../db/fast-sql.ts";
import { formatLocalDate, localDateOf, type Period } from "./period.ts";
import type {
  Fairness,
  RepLoad,
  Report,
  ReportDimension,
  ReportGroup,
  ReportMetrics,
  SourceCosts,
} from "./types.ts";

export interface BuildReportOptions {
  db: Pick<Database, "transaction">;
  period: Period;
  /** Group by rep (lead owner), source or segment (current membership); omit for totals only. */
  by?: ReportDimension | null | undefined;
  /** "Now", for the speed-to-lead share (a lead younger than an hour is not yet late). */
  now: Date;
}

// Group keys are coalesced to '' so FULL JOIN … USING (g, k) also merges the "no owner/source"
// groups (NULL never equals NULL); '' is mapped back to null when reading.
interface DimensionSql {
  /** The group key, an expression over `l` (the lead) or `sm` (a current membership). */
  key: string;
  /** Joins the trial events' distinct lead ids (`e."leadId"`) to the lead when the key needs it. */
  trialJoin: string;
  /**
   * Segment: lead rows and trial lead ids go through one join with the current memberships
   * (two hash joins over the whole membership table cost twice as much).
   */
  segment: boolean;
  /** Looks up what the key needs for one row with a lead id (wins, purchases, breaches). */
  lookup: (leadId: string) => string;
  /** The key of an SLA breach: for reps it is the rep who breached, not the current owner. */
  breachKey: string;
  breachLookup: string;
  /**
   * Every lead, win and breach falls in exactly one group (rep, source), so the totals come
   * from the same scans (GROUPING SETS ((key), ())). A lead can be in several segments or none:
   * segment totals are a statement of their own.
   */
  partition: boolean;
}

// Per-row lookups, for the few thousand wins and breaches of a period: LATERAL … OFFSET 0 (the
// OFFSET keeps the subquery from being flattened into a join) makes each an index probe. As a
// join the planner hashes the whole Lead table (a million rows) to find them.
const LEAD_LOOKUP = (leadId: string) =>
  `CROSS JOIN LATERAL (SELECT "ownerSlackId", "source", "createdAt" FROM "Lead" WHERE id = ${leadId} OFFSET 0) l`;
const MEMBERSHIP_LOOKUP = (leadId: string) =>
  `LEFT JOIN LATERAL (SELECT "segment" FROM "SegmentMembership" WHERE "leadId" = ${leadId} AND "leftAt" IS NULL OFFSET 0) sm ON true`;

const DIMENSIONS: Record<ReportDimension | "total", DimensionSql> = {
  total: {
    key: "''",
    trialJoin: "",
    segment: false,
    lookup: () => "",
    breachKey: "''",
    breachLookup: "",
    partition: false,
  },
  rep: {
    key: `COALESCE(l."ownerSlackId", '')`,
    // A month's trial leads are tens of thousands: the planner's hash join beats as many probes.
    trialJoin: `JOIN "Lead" l ON l.id = e."leadId"`,
    segment: false,
    lookup: LEAD_LOOKUP,
    breachKey: `COALESCE(a."repSlackId", '')`,
    breachLookup: "",
    partition: true,
  },
  source: {
    key: `COALESCE(l."source", '')`,
    trialJoin: `JOIN "Lead" l ON l.id = e."leadId"`,
    segment: false,
    lookup: LEAD_LOOKUP,
    breachKey: `COALESCE(l."source", '')`,
    breachLookup: LEAD_LOOKUP('a."leadId"'),
    partition: true,
  },
  segment: {
    key: `COALESCE(sm."segment", '')`,
    trialJoin: "",
    segment: true,
    lookup: MEMBERSHIP_LOOKUP,
    breachKey: `COALESCE(sm."segment", '')`,
    breachLookup: MEMBERSHIP_LOOKUP('a."leadId"'),
    partition: false,
  },
};

// Timestamps are `timestamp without time zone` holding UTC; parameters are ISO strings cast
// with ::timestamp, which drops the "Z" instead of converting through the session time zone.
const IN_PERIOD = (col: string) => `(${col} >= $1::timestamp AND ${col} < $2::timestamp)`;

// Each figure is read from the rows of its own event in the period, found through an index on
// that event's time: Lead createdAt / mqlAt / sqlAt (one BitmapOr, one pass for all three),
// LeadEvent (type, occurredAt, leadId) (index-only), Outcome (kind, occurredAt), Assignment
// breachedAt. Only what the group key needs is joined. Each row has g = 1 for the totals and
// 0 for a group. The figures come from up to three statements (lead rows, trial leads, outcomes
// and breaches) that run at once on separate connections; their rows are merged by (g, k) in
// buildReport, as a FULL JOIN on (g, k) would. Plans and timings: docs/report.md "Speed".
function metricsSql(dim: DimensionSql): string[] {
  const { partition, lookup } = dim;
  const keyCols = (key: string) =>
    // In the totals row of GROUPING SETS the key is NULL: '' there too, so (g, k) matches.
    partition ? `COALESCE(${key}, '') AS k, GROUPING(${key})::int AS g` : `${key} AS k, 0 AS g`;
  // GROUP BY 1 (the key's position): the totals' key is the constant '', which GROUP BY
  // would refuse as an expression.
  const groupBy = (key: string) => (partition ? `GROUPING SETS ((${key}), ())` : "1");
  const key = keyCols(dim.key);
  const by = groupBy(dim.key);
  const created = IN_PERIOD('l."createdAt"');
  const trialIds = `SELECT DISTINCT "leadId" FROM "LeadEvent"
    WHERE "type" = 'trial_started' AND ${IN_PERIOD('"occurredAt"')}`;
  // Leads created, made MQL or made SQL in the period, read once. What each figure needs of a
  // row is worked out here, next to the scan (in the parallel workers when the plan has them),
  // so the joins, sorts and the final aggregation carry a few narrow columns: stl (seconds to
  // first response) is NULL unless the lead was created in the period and answered, and the
  // flags are false or NULL where the figure does not count the row.
  const leadRows = `SELECT l.id, l."ownerSlackId", l."source",
      ${created} AS created,
      ${created} AND l."isIql" AS iql,
      CASE WHEN ${created} THEN extract(epoch FROM l."firstResponseAt" - l."createdAt")::float8 END AS stl,
      ${created} AND l."firstResponseAt" <= l."createdAt" + interval '1 hour' AS within_hour,
      ${created} AND (l."firstResponseAt" IS NOT NULL OR l."createdAt" <= $3::timestamp - interval '1 hour') AS due,
      ${IN_PERIOD('l."mqlAt"')} AS mql,
      ${IN_PERIOD('l."sqlAt"')} AS sql
    FROM "Lead" l
    WHERE ${created} OR ${IN_PERIOD('l."mqlAt"')} OR ${IN_PERIOD('l."sqlAt"')}`;
  // Segment: trial leads ride along with the lead rows (their lead figures NULL, so no lead
  // figure counts them; trial_id is set on them alone) through one join with the memberships.
  const leadsFrom = dim.segment
    ? `(
    SELECT id, created, iql, stl, within_hour, due, mql, sql, NULL::uuid AS trial_id FROM (${leadRows}) x
    UNION ALL
    SELECT "leadId", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "leadId" FROM (${trialIds}) e
  ) l LEFT JOIN "SegmentMembership" sm ON sm."leadId" = l.id AND sm."leftAt" IS NULL`
    : `(${leadRows}) l`;
  const leads = `
SELECT ${key},
  count(*) FILTER (WHERE l.created)::int AS leads,
  count(*) FILTER (WHERE l.iql)::int AS iql,
  count(l.stl)::int AS responded,
  (percentile_cont(0.5) WITHIN GROUP (ORDER BY l.stl))::float8 AS stl_median,
  (percentile_cont(0.9) WITHIN GROUP (ORDER BY l.stl))::float8 AS stl_p90,
  count(*) FILTER (WHERE l.within_hour)::int AS within_hour,
  count(*) FILTER (WHERE l.due)::int AS stl_due,
  count(*) FILTER (WHERE l.mql)::int AS mql,
  count(*) FILTER (WHERE l.sql)::int AS sql${
    dim.segment
      ? `,
  count(DISTINCT l.trial_id)::int AS free_trial`
      : ""
  }
FROM ${leadsFrom}
GROUP BY ${by}`;
  // Each lead once (DISTINCT) before its key is looked up.
  const trials = `
SELECT ${key}, count(*)::int AS free_trial
FROM (${trialIds}) e ${dim.trialJoin}
GROUP BY ${by}`;
  const outcomes = `
WITH won AS (
  SELECT ${key},
    count(*)::int AS wins,
    count(DISTINCT o."leadId")::int AS customers,
    sum(o.amount)::float8 AS total_sales,
    count(o.amount)::int AS priced_wins,
    (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o."occurredAt" - l."createdAt")))::float8 AS cycle_median
  FROM "Outcome" o ${LEAD_LOOKUP('o."leadId"')} ${dim.segment ? lookup('o."leadId"') : ""}
  WHERE o.kind = 'won' AND ${IN_PERIOD('o."occurredAt"')}
  GROUP BY ${by}
), lifetime AS (
  -- Every purchase up to the period's end by the customers won in the period (for CLV).
  SELECT ${key}, count(*)::int AS lifetime_purchases
  FROM "Outcome" o ${lookup('o."leadId"')}
  WHERE o.kind = 'won' AND o."occurredAt" < $2::timestamp
    AND EXISTS (SELECT 1 FROM "Outcome" w WHERE w."leadId" = o."leadId" AND w.kind = 'won' AND ${IN_PERIOD('w."occurredAt"')})
  GROUP BY ${by}
), breaches AS (
  SELECT ${keyCols(dim.breachKey)}, count(*)::int AS sla_breaches
  FROM "Assignment" a ${dim.breachLookup}
  WHERE ${IN_PERIOD('a."breachedAt"')}
  GROUP BY ${groupBy(dim.breachKey)}
)
SELECT g, k, wins, customers, total_sales, priced_wins, cycle_median, lifetime_purchases, sla_breaches
FROM won FULL JOIN lifetime USING (g, k) FULL JOIN breaches USING (g, k)`;
  return dim.segment ? [leads, outcomes] : [leads, trials, outcomes];
}

interface MetricsRow {
  /** 1 for the totals row of a GROUPING SETS statement, else 0. */
  g: number;
  k: string;
  leads: number | null;
  iql: number | null;
  responded: number | null;
  stl_median: number | null;
  stl_p90: number | null;
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

const SOURCE_COUNTS_SQL = `
SELECT k, sum(leads)::int AS leads, sum(wins)::int AS wins FROM (
  SELECT COALESCE(l."source", '') AS k, count(*) AS leads, 0 AS wins
  FROM "Lead" l WHERE ${IN_PERIOD('l."createdAt"')} GROUP BY 1
  UNION ALL
  -- The source looked up per win, not a hash join over every lead (see REPS_SQL's wins).
  SELECT COALESCE((SELECT l."source" FROM "Lead" l WHERE l.id = o."leadId"), ''), 0, count(*)
  FROM "Outcome" o
  WHERE o.kind = 'won' AND ${IN_PERIOD('o."occurredAt"')} GROUP BY 1
) x GROUP BY k`;

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

const REPS_SQL = `
WITH active AS (
  SELECT "slackId" AS id FROM "Rep" WHERE active
), asg AS (
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
), wins AS (
  -- The owner looked up per win (a few thousand a month): as a join, the planner would rather
  -- hash the whole Lead table.
  SELECT (SELECT l."ownerSlackId" FROM "Lead" l WHERE l.id = o."leadId") AS id, count(*)::int AS wins
  FROM "Outcome" o
  WHERE o.kind = 'won' AND ${IN_PERIOD('o."occurredAt"')}
  GROUP BY 1
), ids AS (
  SELECT id FROM active UNION SELECT id FROM asg UNION SELECT id FROM open
  UNION SELECT id FROM wins WHERE id IS NOT NULL
)
SELECT ids.id, r.name, (a.id IS NOT NULL) AS active,
  COALESCE(open.open_leads, 0) AS open_leads, COALESCE(asg.assignments, 0) AS assignments,
  COALESCE(asg.claims, 0) AS claims, COALESCE(wins.wins, 0) AS wins,
  COALESCE(asg.sla_breaches, 0) AS sla_breaches
FROM ids
  LEFT JOIN "Rep" r ON r."slackId" = ids.id
  LEFT JOIN active a ON a.id = ids.id
  LEFT JOIN asg ON asg.id = ids.id
  LEFT JOIN open ON open.id = ids.id
  LEFT JOIN wins ON wins.id = ids.id
ORDER BY ids.id`;

interface RepRow {
  id: string;
  name: string | null;
  active: boolean;
  open_leads: number;
  assignments: number;
  claims: number;
  wins: number;
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
// server's setting: 64MB kept the month's membership hash in memory but was slower on the
// bench (docs/report.md "Speed").
const SETTINGS = `SELECT set_config('transaction_read_only', 'on', true), set_config('jit', 'off', true)`;
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
function read<T>(db: ReportDb, text: string, params: unknown[] = []): Promise<T[]> {
  return db.transaction(async (tx) => {
    const sql = sqlFor(tx);
    await sql.query(SETTINGS);
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
  const query = <T>(text: string, params: unknown[] = []) => run(() => read<T>(db, text, params));
  const metrics = (d: DimensionSql) =>
    Promise.all(
      // A statement takes only the parameters it uses ($3, now, is the lead rows' alone).
      metricsSql(d).map((text) =>
        query<Partial<MetricsRow>>(text, text.includes("$3") ? range : range.slice(0, 2)),
      ),
    ).then(mergeRows);
  const metricRowsP = metrics(grouped ?? DIMENSIONS.total);
  const repRowsP = query<RepRow>(REPS_SQL, range.slice(0, 2));
  const segmentTotalRowsP =
    grouped && !grouped.partition ? metrics(DIMENSIONS.total) : Promise.resolve<MetricsRow[]>([]);
  const sourceCountsP =
    dim === "source"
      ? Promise.resolve<{ k: string; leads: number; wins: number }[]>([])
      : query<{ k: string; leads: number; wins: number }>(SOURCE_COUNTS_SQL, range.slice(0, 2));
  const inputRowsP = query<InputRow>(INPUTS_SQL, days);
  const segmentRowsP =
    dim === "segment"
      ? query<{ name: string }>(`SELECT name FROM "Segment" ORDER BY name`)
      : Promise.resolve([]);
  const [metricRows, segmentTotalRows, sourceCounts, inputRows, repRows, segmentRows] = await Promise.all([
    metricRowsP,
    segmentTotalRowsP,
    sourceCountsP,
    inputRowsP,
    repRowsP,
    segmentRowsP,
  ]);
  const totalRow = grouped
    ? grouped.partition
      ? metricRows.find((r) => Number(r.g) === 1)
      : segmentTotalRows[0]
    : metricRows[0];
  const groupRows = grouped ? metricRows.filter((r) => Number(r.g) === 0) : [];

  const inputs = new Map(inputRows.map((r) => [r.k, r]));
  const counts =
    dim === "source"
      ? groupRows.map((r) => ({ k: r.k, leads: r.leads ?? 0, wins: r.wins ?? 0 }))
      : sourceCounts;
  const sources = sourceCosts(counts, inputs);
  const costBySource = new Map(sources.map((s) => [s.source ?? "", s]));

  const totals = toMetrics(totalRow, totalCosts(sources));
  const repNames = new Map(repRows.map((r) => [r.id, r.name]));

  let groups: ReportGroup[] = [];
  if (dim) {
    const rows = new Map(groupRows.map((r) => [r.k, r]));
    // Groups with nothing in the period still appear: active reps, configured segments,
    // sources with spend or visitors.
    const extraKeys =
      dim === "rep"
        ? repRows.filter((r) => r.active).map((r) => r.id)
        : dim === "segment"
          ? segmentRows.map((r) => r.name)
          : inputRows.map((r) => r.k);
    for (const k of extraKeys) if (!rows.has(k)) rows.set(k, emptyRow(k));
    groups = [...rows.values()].map((row) => {
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

  const reps: RepLoad[] = repRows.map((r) => ({
    repSlackId: r.id,
    name: r.name,
    openLeads: r.open_leads,
    assignments: r.assignments,
    claims: r.claims,
    wins: r.wins,
    slaBreaches: r.sla_breaches,
  }));
  const fairnessReps = repRows.filter((r) => r.active || r.assignments > 0);

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
 * Merges the rows of the metrics statements by (g, k), as a FULL JOIN on (g, k) would: a group
 * present in one statement only has NULL for the other statements' figures.
 */
function mergeRows(parts: Partial<MetricsRow>[][]): MetricsRow[] {
  const rows = new Map<string, MetricsRow>();
  for (const part of parts) {
    for (const r of part) {
      const id = `${r.g}\u0000${r.k}`;
      let row = rows.get(id);
      if (!row) {
        row = { ...NULL_ROW, g: Number(r.g), k: r.k ?? "" };
        rows.set(id, row);
      }
      Object.assign(row, r, { g: row.g, k: row.k });
    }
  }
  return [...rows.values()];
}

const NULL_ROW: MetricsRow = {
  g: 0,
  k: "",
  leads: null,
  iql: null,
  responded: null,
  stl_median: null,
  stl_p90: null,
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
    g: 0,
    k,
    leads: 0,
    iql: 0,
    responded: 0,
    stl_median: null,
    stl_p90: null,
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
      medianSeconds: seconds(r.stl_median),
      p90Seconds: seconds(r.stl_p90),
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
