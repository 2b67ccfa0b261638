// What one statement costs the Node process, by the way it is sent: `pg` directly (what
// src/db/fast-sql.ts does on the hot paths), Prisma's `$queryRaw`, and a Prisma interactive
// transaction around one statement. CPU per statement, so other work on the machine matters less
// than for wall time. Against the PostgreSQL server; no tables needed.
// `npx tsx bench/db/statement-cost.ts [--n 2000]`
import os from "node:os";
import { openDatabase } from "../../src/store/db.ts";

const at = process.argv.indexOf("--n");
const N = at > 0 ? Number(process.argv[at + 1]) : 2000;
const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const db = await openDatabase({ databaseUrl: url, poolSize: 4 });

async function measure(label: string, one: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) await one(i); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await one(i);
  const cpu = process.cpuUsage(cpu0);
  const ms = (cpu.user + cpu.system) / 1000 / N;
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(3)} ms CPU  ${((performance.now() - t0) / N).toFixed(3)} ms wall`,
  );
}

console.log(
  `statement cost, ${N} each, ${os.cpus()[0]?.model ?? "unknown CPU"}; load average ${os.loadavg()[0]!.toFixed(1)}`,
);
try {
  await measure("pg directly (db.sql.query)", (i) => db.sql.query("SELECT $1::int AS x", [i]));
  await measure("Prisma $queryRaw", (i) => db.prisma.$queryRaw`SELECT ${i}::int AS x`);
  await measure("Prisma $transaction + 1 $queryRaw", (i) =>
    db.prisma.$transaction((p) => p.$queryRaw`SELECT ${i}::int AS x`),
  );
  await measure("db.transaction (plain) + 1 statement", (i) =>
    db.transaction((tx) => tx.sql.query("SELECT $1::int AS x", [i])),
  );
} finally {
  await db.close();
}
