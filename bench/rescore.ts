// Rescoring benchmark: a scratch PostgreSQL database filled server-side with N leads (each
// with a title, a company size and 5 events), then `rescoreLeads` after a rules change, timed.
// Issue 3: "rescoring 100,000 leads".
//
//   npx tsx bench/rescore.ts                 # 100,000 leads
//   npx tsx bench/rescore.ts --leads 10000   # quicker (npm run bench -- --quick uses 10,000)
//   BENCH_DATABASE_URL: admin URL, default postgres://postgres@127.0.0.1:5432/postgres
import os from "node:os";
import pg from "pg";
import { parseRules, rulesHash } from "../src/config/rules.ts";
import { rescoreLeads } from "../src/flows/rescore-leads.ts";
import { openDatabase } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";

const flag = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const leads = Number(flag("leads") ?? (process.argv.includes("--quick") ? 10_000 : 100_000));
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `leadops_bench_rescore_${process.pid}`;
const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();

console.log(`rescore benchmark: ${leads.toLocaleString("en-US")} leads × 5 events on PostgreSQL`);
console.log(
  `machine: ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
try {
  await migrate(db);
  let t = performance.now();
  await db.sql.exec(`
    INSERT INTO "Lead" (id, email, title, "companySize", "createdAt", "updatedAt")
    SELECT md5('l' || i)::uuid, 'lead' || i || '@bench.test',
      (ARRAY['VP Sales', 'Engineer', 'CTO', 'Analyst'])[1 + i % 4], (i % 5000) + 1, now(), now()
    FROM generate_series(1, ${leads}) AS i;
    INSERT INTO "LeadEvent" (id, "leadId", type, "occurredAt", properties)
    SELECT gen_random_uuid(), md5('l' || i)::uuid,
      (ARRAY['email_opened', 'email_clicked', 'page_visited', 'trial_started', 'subscribed'])[1 + (i + j) % 5],
      now() - ((i + j) % 40) * interval '1 day', '{"url": "https://x.test/pricing"}'
    FROM generate_series(1, ${leads}) AS i, generate_series(1, 5) AS j;`);
  console.log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const rules = parseRules("scoring:\n  thresholds: { warm: 25, hot: 70 }\n");
  const ctx = { rules, rulesHash: rulesHash(rules), now: () => new Date() };
  t = performance.now();
  const { rescored } = await rescoreLeads({ db, ctx });
  const s = (performance.now() - t) / 1000;
  console.log(
    `rescored ${rescored.toLocaleString("en-US")} leads in ${s.toFixed(1)} s: ${Math.round(rescored / s).toLocaleString("en-US")} leads/s (25 leads per transaction; leads that turn sales-ready are routed in it)`,
  );
} finally {
  await db.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
