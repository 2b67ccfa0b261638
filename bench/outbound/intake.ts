// Intake with and without outbound subscriptions (issue 17): POST /webhooks/leads through a real
// listening server on PGlite, closed loop at a fixed concurrency, once with no `outbound` and once
// with three webhooks (every event type) whose receiver, a local server, answers 200 after 50 ms,
// with the delivery worker running in the same process. Rounds alternate (none, three, none,
// three) because these machines are noisy; each prints leads/s, p50 and p99. A third round writes
// the rows with the worker off, to tell the insert's cost from the worker's.
// `npx tsx bench/outbound/intake.ts [--quick]`.
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { PGlite } from "@electric-sql/pglite";
import { boot } from "../../src/boot.ts";
import { parseEnv } from "../../src/config/env.ts";
import { parseRules } from "../../src/config/rules.ts";
import { outboundEventTypes } from "../../src/core/outbound/config.ts";
import { sign } from "../../src/intake/signatures.ts";
import { openDatabase } from "../../src/store/db.ts";

const QUICK = process.argv.includes("--quick");
const REQUESTS = QUICK ? 300 : 1000;
const CONCURRENCY = 16;
const SECRET = "bench-secret";
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let serial = 0;

function post(port: number): Promise<number> {
  const i = serial++;
  const body = JSON.stringify({
    email: `ob-${process.pid}-${i}@co-${i % 97}.example`,
    title: "CTO",
    companySize: 50,
  });
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

async function closedLoop(port: number, total: number) {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const t0 = performance.now();
      const status = await post(port).catch(() => 0);
      latencies.push(performance.now() - t0);
      if (status !== 201 && status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { perSecond: latencies.length / seconds, p50: pct(50), p99: pct(99), errors };
}

async function receiver(): Promise<{ url: string; count: () => number; close(): void }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      n++;
      setTimeout(() => res.writeHead(200).end(), 50);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    count: () => n,
    close: () => server.close(),
  };
}

async function round(label: string, hooks: number, url: string, worker = true) {
  const webhooks = Array.from(
    { length: hooks },
    (_, i) =>
      `    - { name: hook${i}, url: "${url}", secret: s${i}, events: [${outboundEventTypes.join(", ")}] }`,
  ).join("\n");
  const rules = parseRules(
    `sources:\n  webhook:\n    rateLimitPerMinute: 100000000\n${hooks > 0 ? `outbound:\n  webhooks:\n${webhooks}\n` : ""}`,
  );
  const env = parseEnv({ LEADOPS_WEBHOOK_SECRET: SECRET, LOG_LEVEL: "error" });
  const database = await openDatabase({ pglite: await PGlite.create() });
  const running = await boot({ env, rules, database, jobs: false, rescore: false, outboundLoop: worker });
  await running.server.listen({ host: "127.0.0.1", port: 0 });
  const port = (running.server.server.address() as AddressInfo).port;
  await closedLoop(port, 50); // warm-up
  const f = await closedLoop(port, REQUESTS);
  const [row] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "OutboundDelivery"`);
  await running.stop();
  console.log(
    `| ${label} | ${f.perSecond.toFixed(1)} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.errors} | ${row?.n ?? 0} |`,
  );
}

const target = await receiver();
console.log(
  `${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, ${REQUESTS} leads, concurrency ${CONCURRENCY}, PGlite`,
);
console.log("| subscriptions | leads/s | p50 ms | p99 ms | errors | outbox rows |");
console.log("|---|---|---|---|---|---|");
for (let i = 0; i < 2; i++) {
  await round("none", 0, target.url);
  await round("three webhooks", 3, target.url);
  await round("three webhooks, worker off (rows only)", 3, target.url, false);
}
console.log(`receiver got ${target.count()} requests during the runs`);
target.close();
agent.destroy();
