// POST /webhooks/leads through a real listening server (loopback only): leads per second and
// p50/p99 latency at a fixed concurrency, and p99 at a fixed 200 leads/s, on PGlite and on the
// PostgreSQL server (a scratch database, dropped afterwards), beside two baselines measured in the
// same run (these machines are noisy; the baselines say how noisy): a bare Node http server (no
// database), and a minimal handler on raw `pg` writing the same rows per lead into its own fresh,
// migrated database (bench/intake/raw-pg.ts says exactly what it does). LeadOps's PostgreSQL
// throughput is printed as a share of the raw-pg one (goal >= 50%).
// `npx tsx bench/intake/leads.ts [--quick] [--only bare|pglite|postgres|rawpg]`; bounded in
// requests and seconds.
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { boot, type Running } from "../../src/boot.ts";
import { parseEnv } from "../../src/config/env.ts";
import { parseRules } from "../../src/config/rules.ts";
import { sign } from "../../src/intake/signatures.ts";
import { openDatabase } from "../../src/store/db.ts";
import { migrate } from "../../src/store/migrate.ts";
import { rawPgServer } from "./raw-pg.ts";

const QUICK = process.argv.includes("--quick");
/** `--only postgres|pglite|bare`: one row (profiling, or when a phase is not of interest). */
const ONLY = process.argv[process.argv.indexOf("--only") + 1];
const runs = (name: string) => !process.argv.includes("--only") || ONLY === name;
const CONCURRENCY = 16;
const CLOSED_REQUESTS = QUICK ? 300 : 1000;
const RATE_PER_SECOND = 200;
const RATE_SECONDS = QUICK ? 2 : 5;
/** Every phase stops here even when unfinished, so the bench is bounded in time. */
const PHASE_LIMIT_MS = 60_000;
const SECRET = "bench-secret";
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let serial = 0;

function leadBody(): string {
  const i = serial++;
  return JSON.stringify({
    email: `bench-${process.pid}-${i}@company-${i % 97}.example`,
    firstName: "Bench",
    lastName: `Lead ${i}`,
    company: `Company ${i % 97}`,
    title: i % 3 === 0 ? "CTO" : "Engineer",
    companySize: 10 + (i % 500),
    country: "DE",
    source: "bench",
    interests: ["pricing"],
  });
}

function post(port: number, body: string): Promise<number> {
  const headers = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    ...sign.leadops(SECRET, body, Math.floor(Date.now() / 1000)),
  };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: "/webhooks/leads", method: "POST", headers, agent },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Figures {
  perSecond: number;
  /** CPU per request in the closed loop: this process (server AND load generator), and the
   * PostgreSQL backends serving the bench database. Unlike leads/s, not skewed by other work. */
  appCpuMs?: number;
  dbCpuMs?: number;
  p50: number;
  p99: number;
  errors: number;
  done: number;
}

/** Closed loop: CONCURRENCY workers, each sending its next request when the last one answered. */
async function closedLoop(port: number, total: number): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + PHASE_LIMIT_MS;
  const worker = async () => {
    while (next < total && performance.now() < deadline) {
      next++;
      const body = leadBody();
      const t0 = performance.now();
      const status = await post(port, body).catch(() => 0);
      latencies.push(performance.now() - t0);
      if (status !== 201 && status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    done: latencies.length,
  };
}

/**
 * Open loop at a fixed rate; latency is measured from when each request was due, so a server
 * that falls behind shows it (no coordinated omission).
 */
async function fixedRate(port: number, perSecond: number, seconds: number): Promise<Figures> {
  const total = perSecond * seconds;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (performance.now() - started > PHASE_LIMIT_MS) break;
    const body = leadBody();
    pending.push(
      post(port, body)
        .catch(() => 0)
        .then((status) => {
          latencies.push(performance.now() - due);
          if (status !== 201 && status !== 200) errors++;
        }),
    );
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
    done: latencies.length,
  };
}

async function listen(server: http.Server | Running["server"]): Promise<number> {
  if ("inject" in server) {
    await server.listen({ host: "127.0.0.1", port: 0 });
    return (server.server.address() as AddressInfo).port;
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const rules = parseRules("sources:\n  webhook:\n    rateLimitPerMinute: 100000000\n");
const env = parseEnv({ LEADOPS_WEBHOOK_SECRET: SECRET, LOG_LEVEL: "error" });

/** CPU seconds used so far by the server processes whose command line names `database`. */
function backendCpuSeconds(database: string | undefined): number {
  if (!database || process.platform !== "linux") return 0;
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(` ${database} `)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // The process ended between listing and reading.
    }
  }
  return ticks / 100; // USER_HZ
}

async function measured(port: number, total: number, database?: string): Promise<Figures> {
  const cpu0 = process.cpuUsage();
  const db0 = backendCpuSeconds(database);
  const figures = await closedLoop(port, total);
  const cpu = process.cpuUsage(cpu0);
  figures.appCpuMs = (cpu.user + cpu.system) / 1000 / figures.done;
  if (database) figures.dbCpuMs = ((backendCpuSeconds(database) - db0) * 1000) / figures.done;
  return figures;
}

async function measureApp(label: string, running: Running, database?: string): Promise<string[]> {
  const port = await listen(running.server);
  await closedLoop(port, 50); // warm-up: JIT, connection pool, plan cache
  const closed = await measured(port, CLOSED_REQUESTS, database);
  const rate = await fixedRate(port, RATE_PER_SECOND, RATE_SECONDS);
  return row(label, closed, rate);
}

function row(label: string, closed: Figures, rate: Figures): string[] {
  const f = (n: number) => n.toFixed(1);
  return [
    label,
    f(closed.perSecond),
    f(closed.p50),
    f(closed.p99),
    f(rate.p99),
    closed.appCpuMs === undefined ? "" : closed.appCpuMs.toFixed(2),
    closed.dbCpuMs === undefined ? "-" : closed.dbCpuMs.toFixed(2),
    `${closed.errors + rate.errors}/${closed.done + rate.done}`,
  ];
}

async function bare(): Promise<string[]> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      JSON.parse(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(201, { "content-type": "application/json" }).end('{"lead":{}}');
    });
  });
  const port = await listen(server);
  await closedLoop(port, 50);
  const closed = await measured(port, CLOSED_REQUESTS);
  const rate = await fixedRate(port, RATE_PER_SECOND, RATE_SECONDS);
  server.close();
  return row("bare node http (baseline)", closed, rate);
}

async function onPglite(): Promise<string[]> {
  const database = await openDatabase({ pglite: await PGlite.create() });
  const running = await boot({ env, rules, database, jobs: false });
  try {
    return await measureApp("LeadOps on PGlite (in memory)", running);
  } finally {
    await running.stop();
  }
}

/** A scratch database on the server for `fn`, dropped afterwards; null when the server is down. */
async function withScratchDatabase<T>(name: string, fn: (url: string) => Promise<T>): Promise<T | null> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    console.log(`PostgreSQL not reachable at ${ADMIN_URL} (${(err as Error).message}); skipped`);
    return null;
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function onPostgres(): Promise<string[] | null> {
  const name = `leadops_bench_${process.pid}`;
  return withScratchDatabase(name, async (url) => {
    const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
    const running = await boot({ env, rules, database, jobs: false });
    try {
      return await measureApp("LeadOps on PostgreSQL 127.0.0.1", running, name);
    } finally {
      await running.stop();
    }
  });
}

/** The raw-pg baseline (raw-pg.ts) on its own fresh database, migrated like LeadOps's. */
async function onRawPg(): Promise<string[] | null> {
  const name = `leadops_bench_raw_${process.pid}`;
  return withScratchDatabase(name, async (url) => {
    const schema = await openDatabase({ databaseUrl: url, poolSize: 1 });
    await migrate(schema);
    await schema.close();
    const raw = rawPgServer({ databaseUrl: url, secret: SECRET, poolSize: 10 });
    const port = await listen(raw.server);
    try {
      await closedLoop(port, 50);
      const closed = await measured(port, CLOSED_REQUESTS, name);
      const rate = await fixedRate(port, RATE_PER_SECOND, RATE_SECONDS);
      return row("raw pg + node:http (baseline)", closed, rate);
    } finally {
      await raw.close();
    }
  });
}

console.log(
  `intake: POST /webhooks/leads (new leads), ${CLOSED_REQUESTS} requests at concurrency ${CONCURRENCY}, then ${RATE_PER_SECOND}/s for ${RATE_SECONDS}s`,
);
console.log(
  `machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores; node ${process.version}; load average ${os.loadavg()[0]!.toFixed(1)}`,
);
console.log(
  "cpu ms = CPU per request in the closed loop: app = this process (server and load generator), db = the PostgreSQL backends",
);
const rows = [
  [
    "server",
    "leads/s",
    "p50 ms",
    "p99 ms",
    `p99 ms @${RATE_PER_SECOND}/s`,
    "app cpu ms",
    "db cpu ms",
    "errors",
  ],
];
if (runs("bare")) rows.push(await bare());
if (runs("pglite")) rows.push(await onPglite());
const pgRow = runs("postgres") ? await onPostgres() : null;
if (pgRow) rows.push(pgRow);
const rawRow = runs("rawpg") ? await onRawPg() : null;
if (rawRow) rows.push(rawRow);
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows)
  console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
if (pgRow && rawRow) {
  const share = (i: number) => ((100 * Number(pgRow[i])) / Number(rawRow[i])).toFixed(0);
  const cpu = (r: string[]) => Number(r[5]) + Number(r[6]);
  console.log(
    `LeadOps on PostgreSQL = ${share(1)}% of raw pg's leads/s (goal >= 50%); CPU per lead (app + db) ${cpu(pgRow).toFixed(2)} ms against ${cpu(rawRow).toFixed(2)} ms (raw pg = ${((100 * cpu(rawRow)) / cpu(pgRow)).toFixed(0)}% of LeadOps's)`,
  );
}
agent.destroy();
