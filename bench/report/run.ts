// Report benchmark: fills a scratch PostgreSQL database with generated leads, events,
// assignments, outcomes, memberships and inputs (INSERT … SELECT generate_series, server side),
// prints the load rate per table, then times buildReport over it for several periods and
// groupings. Issue target: 1,000,000 leads and 10,000,000 events, report under 1 s.
//
//   npx tsx bench/report/run.ts                      # 1,000,000 leads, 10,000,000 events
//   npx tsx bench/report/run.ts --leads 100000       # events default to 10 per lead
//   npx tsx bench/report/run.ts --quick              # 100,000 leads (npm run bench -- --quick)
//   npx tsx bench/report/run.ts --reuse              # generate once, keep, reuse on later runs
//   options: --events N, --runs N (timed runs per case, default 3), --keep (keep the database),
//            --reuse (database leadops_bench_report_<leads>_<events>: loaded only if it is not
//            there from an earlier complete load, migrated to the current schema, kept),
//            --only month|quarter|year (time only those cases), --by -|rep|source|segment (only
//            that grouping; - is the totals),
//            BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres)
import os from "node:os";
import pg from "pg";
import { parsePeriod } from "../../src/core/reporting/period.ts";
import type { ReportDimension } from "../../src/core/reporting/types.ts";
import { buildReport } from "../../src/flows/build-report.ts";
import { openDatabase } from "../../src/store/db.ts";
import { migrate } from "../../src/store/migrate.ts";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
}
const quick = process.argv.includes("--quick");
const leads = Number(arg("leads") ?? (quick ? 100_000 : 1_000_000));
const events = Number(arg("events") ?? leads * 10);
const runs = Number(arg("runs") ?? 3);
const reuse = process.argv.includes("--reuse");
const keep = reuse || process.argv.includes("--keep");
/** `--only month` times only the cases whose label starts with it; `--by segment` only that grouping. */
const only = arg("only");
const onlyBy = arg("by");
if (!Number.isInteger(leads) || leads < 1000 || !Number.isInteger(events) || events < 0) {
  console.error("--leads must be a whole number ≥ 1000 and --events ≥ 0");
  process.exit(2);
}

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const dbName = reuse ? `leadops_bench_report_${leads}_${events}` : `leadops_bench_report_${process.pid}`;
// Written as the database's comment once a load has finished: --reuse trusts only a database
// that carries it (an interrupted load leaves none). Bump the version when STEPS change.
const LOADED_MARK = `leadops report bench: leads=${leads} events=${events} generator=2`;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => `${n.toFixed(0)} ms`;

// One year of data ending at the start of 2026; lead i is created at a fixed point of the
// year so events, assignments and outcomes can derive their times from i without a join.
const YEAR_START = "2025-01-01";
const createdOf = (i: string) =>
  `(timestamp '${YEAR_START}' + (${i}::float8 / ${leads}) * interval '365 days')`;
const idOf = (i: string) => `md5('lead' || (${i})::text)::uuid`;

const REPS = 20;
const SOURCES = ["google", "facebook", "linkedin", "webinar", "referral", "organic"];
const SEGMENTS = ["enterprise", "smb", "emea", "na", "high_intent", "trialists"];
const EVENT_TYPES = [
  "email_opened",
  "email_opened",
  "email_opened",
  "page_visited",
  "page_visited",
  "email_clicked",
  "subscribed",
  "email_replied",
  "appointment_booked",
  "trial_started",
];

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(",")}]`;

// Tables whose indexes are dropped before the load and rebuilt after it (a sorted build is
// many times faster than maintaining random-order B-trees row by row).
const BULK_TABLES = new Set(["LeadEvent", "Lead"]);

const STEPS: { table: string; label?: string; sql: string }[] = [
  {
    table: "Rep",
    sql: `INSERT INTO "Rep" ("slackId", name, "updatedAt")
          SELECT 'U0REP' || r, 'Rep ' || r, now() FROM generate_series(1, ${REPS}) r`,
  },
  {
    table: "Segment",
    sql: `INSERT INTO "Segment" (name, "updatedAt") SELECT unnest(${arr(SEGMENTS)}), now()`,
  },
  {
    table: "Lead",
    sql: `INSERT INTO "Lead" (id, email, source, stage, "isIql", grade, "ownerSlackId", "createdAt", "updatedAt",
            "firstResponseAt", "mqlAt", "sqlAt", "engagementScore", "totalScore")
          SELECT ${idOf("i")}, 'lead' || i || '@bench.example', (${arr(SOURCES)})[1 + i % ${SOURCES.length}],
            CASE WHEN i % 20 = 0 THEN 'customer' WHEN i % 7 = 0 THEN 'sql' WHEN i % 3 = 0 THEN 'mql' ELSE 'lead' END,
            i % 10 < 3,
            CASE WHEN i % 7 = 0 THEN 'hot' WHEN i % 3 = 0 THEN 'warm' ELSE 'cold' END,
            CASE WHEN i % 10 < 7 THEN 'U0REP' || (1 + i % ${REPS}) END,
            c, c,
            CASE WHEN i % 10 < 6 THEN c + (random() * random() * 86400) * interval '1 second' END,
            CASE WHEN i % 3 = 0 OR i % 7 = 0 OR i % 20 = 0 THEN c + random() * interval '10 days' END,
            CASE WHEN i % 7 = 0 OR i % 20 = 0 THEN c + interval '10 days' + random() * interval '10 days' END,
            (i % 50), (i % 90)
          FROM generate_series(1, ${leads}) i, LATERAL (SELECT ${createdOf("i")} AS c) t`,
  },
  {
    table: "LeadEvent",
    // Events arrive in time order, as they do in production: event e belongs to a lead created
    // at about the same point of the year and happens within 3 days of it, so the table's
    // physical order follows occurredAt (what a time-range scan relies on).
    sql: `INSERT INTO "LeadEvent" (id, "leadId", type, "occurredAt", "receivedAt")
          SELECT gen_random_uuid(), ${idOf("l")}, (${arr(EVENT_TYPES)})[1 + floor(random() * ${EVENT_TYPES.length})::int], o, o
          FROM generate_series(1, ${events}) e,
            LATERAL (SELECT 1 + ((e - 1)::bigint * ${leads}) / ${Math.max(events, 1)} AS l) x,
            LATERAL (SELECT ${createdOf("l")} + random() * interval '3 days' AS o) y`,
  },
  {
    table: "Assignment",
    sql: `INSERT INTO "Assignment" (id, "leadId", "repSlackId", method, "createdAt", "breachedAt")
          SELECT gen_random_uuid(), ${idOf("i")}, 'U0REP' || (1 + i % ${REPS}),
            CASE WHEN i % 4 = 0 THEN 'claim' ELSE 'round_robin' END,
            ${createdOf("i")} + interval '2 minutes',
            CASE WHEN i % 10 = 1 THEN ${createdOf("i")} + interval '20 minutes' END
          FROM generate_series(1, ${leads}) i WHERE i % 10 < 7`,
  },
  {
    table: "Outcome",
    sql: `INSERT INTO "Outcome" (id, "leadId", kind, amount, currency, "occurredAt")
          SELECT gen_random_uuid(), ${idOf("i")}, 'won', 500 + (i % 40) * 125, 'USD',
            ${createdOf("i")} + interval '20 days' + (i % 30) * interval '1 day'
          FROM generate_series(1, ${leads}) i WHERE i % 20 = 0`,
  },
  {
    table: "SegmentMembership",
    sql: `INSERT INTO "SegmentMembership" (id, "leadId", segment, "enteredAt")
          SELECT gen_random_uuid(), ${idOf("i")}, (${arr(SEGMENTS)})[1 + (i + k) % ${SEGMENTS.length}], ${createdOf("i")}
          FROM generate_series(1, ${leads}) i, generate_series(0, 1) k WHERE (i + k) % 3 <> 0`,
  },
  {
    // What the app's write paths keep on each lead (record-event.ts, refresh-lead.ts): its first
    // trial_started time and its current segments. One UPDATE, with the Lead indexes dropped.
    table: "Lead",
    label: "Lead (trial, segments)",
    sql: `UPDATE "Lead" l SET "trialStartedAt" = t.first, "segments" = COALESCE(m.segments, '{}')
          FROM "Lead" x
            LEFT JOIN (SELECT "leadId", min("occurredAt") AS first FROM "LeadEvent"
                       WHERE type = 'trial_started' GROUP BY 1) t ON t."leadId" = x.id
            LEFT JOIN (SELECT "leadId", array_agg(segment ORDER BY segment) AS segments
                       FROM "SegmentMembership" WHERE "leftAt" IS NULL GROUP BY 1) m ON m."leadId" = x.id
          WHERE l.id = x.id`,
  },
  {
    table: "SourceInput",
    sql: `INSERT INTO "SourceInput" (id, source, "periodStart", "periodEnd", spend, currency, visitors, "updatedAt")
          SELECT gen_random_uuid(), s, m::date, (m + interval '1 month' - interval '1 day')::date,
            10000 + length(s) * 1000, 'USD', 50000 + length(s) * 5000, now()
          FROM unnest(${arr(SOURCES.slice(0, 4))}) s,
            generate_series(timestamp '${YEAR_START}', timestamp '${YEAR_START}' + interval '11 months', interval '1 month') m`,
  },
];

async function main(): Promise<void> {
  console.log(
    `Report benchmark: ${fmt(leads)} leads, ${fmt(events)} events on ${os.cpus()[0]?.model ?? "unknown CPU"} ` +
      `(${os.cpus().length} cores), node ${process.version}`,
  );
  const admin = new pg.Client({ connectionString: adminUrl });
  // A server restart mid-run surfaces as the failed query, not as a crash of the process.
  admin.on("error", () => {});
  await admin.connect();
  const server = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]
    ?.server_version;
  const loaded = reuse
    ? (
        await admin.query<{ mark: string | null }>(
          "SELECT shobj_description(oid, 'pg_database') AS mark FROM pg_database WHERE datname = $1",
          [dbName],
        )
      ).rows[0]?.mark === LOADED_MARK
    : false;
  console.log(
    `PostgreSQL ${server}, scratch database ${dbName}${loaded ? " (reused: loaded by an earlier run)" : ""}`,
  );
  if (!loaded) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName}`);
  }
  const db = await openDatabase({ databaseUrl: dbUrl, poolSize: 8 });
  try {
    // On a reused database this applies the migrations added since it was loaded.
    const tm = performance.now();
    const applied = await migrate(db);
    const load = new pg.Client({ connectionString: dbUrl });
    // The scratch database is dropped WITH (FORCE) on failure; that must not crash the report.
    load.on("error", () => {});
    await load.connect();
    if (loaded) {
      // A migration that rewrote rows (a backfill) leaves dead tuples and an empty visibility
      // map, which would slow every scan until autovacuum came by: vacuum as a server would.
      await load.query(applied.length > 0 ? "VACUUM ANALYZE" : "ANALYZE");
      console.log(
        `\nMigrated (${applied.length ? applied.join(", ") : "nothing new"}) and ${applied.length ? "vacuumed" : "analyzed"} in ${((performance.now() - tm) / 1000).toFixed(1)} s; no load.`,
      );
    } else {
      await loadData(load);
      await admin.query(`COMMENT ON DATABASE ${dbName} IS '${LOADED_MARK}'`);
    }

    const cases: { label: string; period: string; by?: ReportDimension }[] = [
      { label: "month", period: "2025-06-01..2025-07-01" },
      { label: "month", period: "2025-06-01..2025-07-01", by: "rep" },
      { label: "month", period: "2025-06-01..2025-07-01", by: "source" },
      { label: "month", period: "2025-06-01..2025-07-01", by: "segment" },
      { label: "quarter", period: "2025-04-01..2025-07-01", by: "rep" },
      { label: "year (all data)", period: "2025-01-01..2026-01-01" },
      { label: "year (all data)", period: "2025-01-01..2026-01-01", by: "source" },
      { label: "year (all data)", period: "2025-01-01..2026-01-01", by: "segment" },
    ];
    await load.end();
    await timeReports(cases);
  } finally {
    await db.close();
    if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    else console.log(`\nKept ${dbUrl}`);
    await admin.end();
  }

  async function timeReports(cases: { label: string; period: string; by?: ReportDimension }[]) {
    const now = new Date("2026-01-01T00:00:00Z");
    console.log(
      `\nbuildReport (one warm-up, then best and median of ${runs} runs; load average ${loadAverage()} before):`,
    );
    const chosen = cases.filter(
      (x) => (!only || x.label.startsWith(only)) && (!onlyBy || (x.by ?? "-") === onlyBy),
    );
    for (const c of chosen) {
      const period = parsePeriod(c.period, { now });
      const report = await buildReport({ db, period, by: c.by, now });
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const start = performance.now();
        await buildReport({ db, period, by: c.by, now });
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)] ?? 0;
      console.log(
        `  ${c.label.padEnd(16)} by ${(c.by ?? "-").padEnd(8)} best ${ms(times[0] ?? 0).padStart(8)}  median ${ms(median).padStart(8)}  ` +
          `(${fmt(report.totals.leads)} leads, ${fmt(report.totals.wins)} wins, ${report.groups.length} groups; load ${loadAverage()})`,
      );
    }
  }
}

/** Fills the scratch database (INSERT … SELECT, server side) and prints the rate per table. */
async function loadData(client: pg.Client): Promise<void> {
  // Generated rows are consistent by construction: skip the per-row foreign key triggers.
  await client.query("SET session_replication_role = replica");
  console.log(
    "\nLoad (INSERT … SELECT generate_series; Lead and LeadEvent indexes rebuilt after, time included):",
  );
  const loadStart = performance.now();
  let total = 0;
  for (const step of STEPS) {
    const rebuild = BULK_TABLES.has(step.table) ? await dropIndexes(client, step.table) : [];
    const t0 = performance.now();
    const res = await client.query(step.sql);
    for (const ddl of rebuild) await client.query(ddl);
    const seconds = (performance.now() - t0) / 1000;
    total += res.rowCount ?? 0;
    console.log(
      `  ${(step.label ?? step.table).padEnd(18)} ${fmt(res.rowCount ?? 0).padStart(12)} rows  ${seconds.toFixed(1).padStart(7)} s  ${fmt((res.rowCount ?? 0) / Math.max(seconds, 1e-6)).padStart(11)} rows/s`,
    );
  }
  const t0 = performance.now();
  await client.query("VACUUM ANALYZE");
  const loadSeconds = (performance.now() - loadStart) / 1000;
  console.log(
    `  ${"(vacuum analyze)".padEnd(18)} ${"".padStart(12)}       ${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s`,
  );
  console.log(
    `  total ${fmt(total)} rows in ${loadSeconds.toFixed(1)} s: ${fmt(total / loadSeconds)} rows/s`,
  );
}

/** The 1, 5 and 15 minute load averages: these machines are shared, so every figure says it. */
function loadAverage(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
}

/** Drops a table's indexes (and its primary key when nothing references it); returns the DDL that rebuilds them. */
async function dropIndexes(client: pg.Client, table: string): Promise<string[]> {
  const constraints = await client.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
     WHERE conrelid = $1::regclass AND contype IN ('p', 'u')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = c.conrelid)`,
    [`"${table}"`],
  );
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.tablename = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  );
  for (const c of constraints.rows) await client.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${c.name}"`);
  for (const i of indexes.rows) await client.query(`DROP INDEX "${i.name}"`);
  return [
    ...constraints.rows.map((c) => `ALTER TABLE "${table}" ADD CONSTRAINT "${c.name}" ${c.def}`),
    ...indexes.rows.map((i) => i.def),
  ];
}

await main();
