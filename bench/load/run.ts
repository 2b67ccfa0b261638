// Load: sustained webhook intake and Slack interactions at the same time, on the PostgreSQL
// server, against two app instances (child processes, `src/main.ts`) sharing one database, with
// a fake Slack Web API on loopback. Prints per kind of request the throughput, p50/p99 and
// errors, Slack calls received, and each instance's RSS (peak and at the end).
//
//   npm run bench:load                   # 60 s
//   npm run bench:load -- --seconds 20
//   npm run bench:load -- --quick        # 15 s
//   npm run bench:load -- --open         # open loop at fixed rates: bench/load/open-loop.ts
//
// Goal: zero errors, RSS under 300 MB per instance. Loopback only; a scratch database is created
// and dropped.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import pg from "pg";
import { sign } from "../../src/intake/signatures.ts";
import { signSlackBody } from "../../src/slack/verify.ts";
import { writeRules } from "../../test/faults/support.ts";
import { blockAction, slashCommand } from "../../test/fixtures/slack/payloads.ts";
import { FaultySlack } from "../../test/helpers/fake-slack.ts";
import { type AppProcess, startAppProcess } from "../../test/helpers/process.ts";

const args = process.argv.slice(2);
const secondsArg = args.indexOf("--seconds");
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : args.includes("--quick") ? 15 : 60;
if (!Number.isFinite(SECONDS) || SECONDS <= 0 || SECONDS > 600) throw new Error("--seconds must be 1..600");
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const WEBHOOK_SECRET = "fault-secret";
const SIGNING_SECRET = "load-signing-secret";
const INTAKE_WORKERS = 8;
const SLACK_WORKERS = 4;
const REPS = Array.from({ length: 10 }, (_, i) => `U0LOAD${String(i).padStart(2, "0")}`);
const MANAGER = "U0LOADMGR";

type Kind = "intake" | "claim" | "command";
const samples: Record<Kind, number[]> = { intake: [], claim: [], command: [] };
const errors: Record<Kind, Map<string, number>> = { intake: new Map(), claim: new Map(), command: new Map() };
const bump = (kind: Kind, key: string) => errors[kind].set(key, (errors[kind].get(key) ?? 0) + 1);

/** Where an instance's memory is, from its own /metrics (prom-client's default metrics). */
async function heapOf(url: string): Promise<string> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const mb = (name: string) => {
      const m = new RegExp(`^${name} (\\S+)`, "m").exec(text);
      return m ? (Number(m[1]) / 1048576).toFixed(0) : "?";
    };
    const gcSeconds = [...text.matchAll(/^nodejs_gc_duration_seconds_sum\{[^}]*\} (\S+)/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
    return `V8 heap used ${mb("nodejs_heap_size_used_bytes")} of ${mb("nodejs_heap_size_total_bytes")} MB, external ${mb("nodejs_external_memory_bytes")} MB, GC ${gcSeconds.toFixed(1)} s`;
  } catch {
    return "no /metrics";
  }
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m?.[1] ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function timed(
  kind: Kind,
  fn: () => Promise<Response>,
  ok: (s: number) => boolean,
): Promise<Response | null> {
  const t = performance.now();
  try {
    const res = await fn();
    const body = await res.text();
    samples[kind].push(performance.now() - t);
    if (!ok(res.status)) {
      bump(kind, String(res.status));
      return null;
    }
    return new Response(body, { status: res.status });
  } catch (err) {
    bump(kind, (err as Error).name);
    return null;
  }
}

async function main() {
  const dbName = `leadops_load_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;

  const slack = await new FaultySlack().start();
  // The fault suites' rules (a lead titled "VP Hot" is hot and posted for a claim), with ten
  // reps so claims spread, and a manager for `/leads report`.
  const rules = writeRules(`roles: { managers: [${MANAGER}], marketing: [] }\n`);
  writeFileSync(
    rules,
    readFileSync(rules, "utf8").replace(
      /reps:\n(?: {2}- .*\n)+/,
      `reps:\n${REPS.map((id) => `  - { slackId: ${id}, name: Load ${id.slice(-2)} }`).join("\n")}\n`,
    ),
  );
  const env = {
    DATABASE_URL: dbUrl.toString(),
    LEADOPS_WEBHOOK_SECRET: WEBHOOK_SECRET,
    LEADOPS_CONFIG: rules,
    SLACK_BOT_TOKEN: "xoxb-load-bench",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    // info: the helper waits for the "listening" line.
    LOG_LEVEL: "info",
  };
  const apps: AppProcess[] = [];
  try {
    // One after the other: the first applies the migrations, the second finds them applied.
    apps.push(await startAppProcess(env, 60_000));
    apps.push(await startAppProcess(env, 60_000));
    await new Promise((r) => setTimeout(r, 1_000));
    const idleRss = apps.map((a) => rssMb(a.child.pid));
    const peak = apps.map(() => 0);
    const sampler = setInterval(() => {
      apps.forEach((a, i) => {
        peak[i] = Math.max(peak[i] ?? 0, rssMb(a.child.pid));
      });
    }, 500);

    const hotLeads: string[] = [];
    const end = Date.now() + SECONDS * 1000;
    let n = 0;
    let turn = 0;
    const nextApp = () => apps[turn++ % apps.length] as AppProcess;

    async function intakeWorker() {
      while (Date.now() < end) {
        const i = n++;
        const body = JSON.stringify({
          email: `load${i}@acme${i % 50}.io`,
          name: `Load Person ${i}`,
          company: `Acme ${i % 50}`,
          title: i % 5 === 0 ? "VP Hot" : "Analyst",
          source: "load",
        });
        const app = nextApp();
        const res = await timed(
          "intake",
          () =>
            fetch(`${app.url}/webhooks/leads`, {
              method: "POST",
              headers: {
                "content-type": "application/json",
                ...sign.leadops(WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)),
              },
              body,
            }),
          (s) => s === 200 || s === 201,
        );
        if (res && i % 5 === 0) {
          const { lead } = (await res.json()) as { lead: { id: string } };
          hotLeads.push(lead.id);
        }
      }
    }

    function slackPost(app: AppProcess, body: string, contentType: string) {
      const ts = Math.floor(Date.now() / 1000);
      return fetch(`${app.url}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": contentType,
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": signSlackBody(SIGNING_SECRET, ts, body),
        },
        body,
      });
    }

    async function slackWorker(w: number) {
      let k = 0;
      while (Date.now() < end) {
        k++;
        const app = nextApp();
        const rep = REPS[(w * 7 + k) % REPS.length] as string;
        const leadId = hotLeads[hotLeads.length - 1 - (k % 5)];
        if (leadId && k % 2 === 0) {
          // Several reps race for the newest hot leads, as in a channel.
          const payload = blockAction({
            userId: rep,
            actionId: "lead_claim",
            value: leadId,
            responseUrl: slack.responseUrl(),
          });
          await timed(
            "claim",
            () =>
              slackPost(
                app,
                `payload=${encodeURIComponent(JSON.stringify(payload))}`,
                "application/x-www-form-urlencoded",
              ),
            (s) => s === 200,
          );
        } else {
          const text = ["mine", "help", `find load${Math.max(0, n - 10)}@acme`, "rules", "report week"][
            k % 5
          ] as string;
          const user = text.startsWith("report") ? MANAGER : rep;
          await timed(
            "command",
            () =>
              slackPost(
                app,
                slashCommand({ userId: user, text, responseUrl: slack.responseUrl() }),
                "application/x-www-form-urlencoded",
              ),
            (s) => s === 200,
          );
        }
      }
    }

    const started = performance.now();
    await Promise.all([
      ...Array.from({ length: INTAKE_WORKERS }, intakeWorker),
      ...Array.from({ length: SLACK_WORKERS }, (_, w) => slackWorker(w)),
    ]);
    const elapsed = (performance.now() - started) / 1000;
    // Let the listeners that acked finish their replies before measuring the end state.
    await new Promise((r) => setTimeout(r, 2_000));
    clearInterval(sampler);
    const endRss = apps.map((a) => rssMb(a.child.pid));
    const heaps = await Promise.all(apps.map((a) => heapOf(a.url)));
    const alive = apps.map((a) => a.child.exitCode === null && a.child.signalCode === null);
    const c = new pg.Client({ connectionString: dbUrl.toString() });
    await c.connect();
    const { rows } = await c
      .query<{ leads: number; owned: number; outbox: number }>(
        `SELECT (SELECT count(*)::int FROM "Lead") AS leads,
                (SELECT count(*)::int FROM "Lead" WHERE "ownerSlackId" IS NOT NULL) AS owned,
                (SELECT count(*)::int FROM "OutboxMessage" WHERE status = 'sent') AS outbox`,
      )
      .finally(() => c.end());

    console.log(
      `machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}; node ${process.version}; PostgreSQL server; 2 instances; ${SECONDS} s; ` +
        `${INTAKE_WORKERS} intake + ${SLACK_WORKERS} Slack workers`,
    );
    let totalErrors = 0;
    for (const kind of Object.keys(samples) as Kind[]) {
      const s = [...samples[kind]].sort((a, b) => a - b);
      const errs = [...errors[kind].values()].reduce((a, b) => a + b, 0);
      totalErrors += errs;
      console.log(
        `${kind.padEnd(8)} ${String(s.length).padStart(6)} requests  ${(s.length / elapsed).toFixed(1).padStart(7)}/s  ` +
          `p50 ${quantile(s, 0.5).toFixed(1)} ms  p99 ${quantile(s, 0.99).toFixed(1)} ms  errors ${errs}` +
          (errs > 0 ? ` ${JSON.stringify(Object.fromEntries(errors[kind]))}` : ""),
      );
    }
    const row = rows[0];
    console.log(
      `stored leads ${row?.leads}, claimed ${row?.owned}, Slack messages sent ${row?.outbox}; fake Slack received ` +
        `${slack.callsTo("chat.postMessage").length} chat.postMessage, ${slack.callsTo("chat.update").length} chat.update, ` +
        `${slack.callsTo("response_url").length} private replies`,
    );
    apps.forEach((_a, i) => {
      console.log(
        `instance ${i + 1}: RSS ${idleRss[i]?.toFixed(0)} MB idle after start, ${endRss[i]?.toFixed(0)} MB at the end, peak ${peak[i]?.toFixed(0)} MB (${heaps[i]}); ${alive[i] ? "alive" : "EXITED"}`,
      );
    });
    const verdict = totalErrors === 0 && alive.every(Boolean) && peak.every((p) => p < 300) ? "PASS" : "FAIL";
    console.log(`goal (zero errors, every instance alive, RSS < 300 MB): ${verdict}`);
    if (verdict === "FAIL") process.exitCode = 1;
  } finally {
    for (const a of apps) await a.kill("SIGTERM");
    await slack.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

if (args.includes("--open")) await import("./open-loop.ts");
else await main();
