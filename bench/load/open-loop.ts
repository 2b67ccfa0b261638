// Open-loop mixed load (issue 15): requests leave at fixed rates whatever the response times, so a
// slow server shows as latency instead of as fewer requests. Two app instances (child processes,
// `src/main.ts`) on the PostgreSQL server share a scratch database; Slack's Web API is a local fake.
//
//   npm run bench:load -- --open                # 60 s
//   npm run bench:load -- --open --seconds 20
//   npm run bench:load -- --open --scale 0.25   # a quarter of the rates
//   npm run bench:load -- --open --no-report    # without the reports
//
// Rates: 200 leads/s of intake (a fifth of them hot, posted for a claim), 20 Slack interactions/s
// (claim buttons on the newest hot leads, `/leads find <email start>`, `/leads mine`, in turn), one
// `/leads report month` every 10 s. Latency is timed from when the request was due, not from when
// it left (no coordinated omission). Prints p50/p99 per kind and the errors.
// Goal: intake p99 < 100 ms and claim ack p99 < 100 ms, zero errors.
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
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 60;
if (!Number.isFinite(SECONDS) || SECONDS <= 0 || SECONDS > 600) throw new Error("--seconds must be 1..600");
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const WEBHOOK_SECRET = "fault-secret";
const SIGNING_SECRET = "load-signing-secret";
const scaleArg = args.indexOf("--scale");
// --scale 0.25: a quarter of the rates, to find what a loaded machine does sustain.
const SCALE = scaleArg >= 0 ? Number(args[scaleArg + 1]) : 1;
if (!Number.isFinite(SCALE) || SCALE <= 0 || SCALE > 10) throw new Error("--scale must be in (0, 10]");
const INTAKE_PER_S = 200 * SCALE;
const SLACK_PER_S = 20 * SCALE;
/** A request unanswered after this counts as an error (a TimeoutError), so a saturated run ends. */
const TIMEOUT_MS = 10_000;
// --no-report: the same mix without `/leads report month`, to tell the report's share.
const REPORT_EVERY_MS = args.includes("--no-report") ? 0 : 10_000;
const REPS = Array.from({ length: 10 }, (_, i) => `U0LOAD${String(i).padStart(2, "0")}`);
const MANAGER = "U0LOADMGR";

const KINDS = ["intake", "claim", "find", "mine", "report"] as const;
type Kind = (typeof KINDS)[number];
const samples = Object.fromEntries(KINDS.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
const errors = Object.fromEntries(KINDS.map((k) => [k, new Map<string, number>()])) as Record<
  Kind,
  Map<string, number>
>;
const bump = (kind: Kind, key: string) => errors[kind].set(key, (errors[kind].get(key) ?? 0) + 1);
const inFlight: Promise<unknown>[] = [];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Sends at `due` (a performance.now() time) and records the latency from `due`. */
async function timed(kind: Kind, due: number, fn: () => Promise<Response>, ok: (s: number) => boolean) {
  try {
    const res = await fn();
    const body = await res.text();
    samples[kind].push(performance.now() - due);
    if (!ok(res.status)) {
      bump(kind, String(res.status));
      return null;
    }
    return body;
  } catch (err) {
    bump(kind, (err as Error).name);
    return null;
  }
}

/** Calls `fire(i, due)` `perSecond` times a second until `end`, however long each call takes. */
function schedule(perSecond: number, start: number, end: number, fire: (i: number, due: number) => void) {
  let sent = 0;
  return new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Request i is due at i / perSecond: the first leaves at once, none is due at or after `end`.
      const dueCount = Math.min(
        Math.floor(((now - start) / 1000) * perSecond) + 1,
        Math.ceil(((end - start) / 1000) * perSecond),
      );
      while (sent < dueCount) {
        fire(sent, start + (sent * 1000) / perSecond);
        sent++;
      }
      if (now >= end) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
}

async function main() {
  const dbName = `leadops_open_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const slack = await new FaultySlack().start();
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
    LOG_LEVEL: "info",
  };
  const apps: AppProcess[] = [];
  try {
    apps.push(await startAppProcess(env, 60_000));
    apps.push(await startAppProcess(env, 60_000));
    await new Promise((r) => setTimeout(r, 1_000));
    const loadBefore = os.loadavg()[0] ?? 0;
    let turn = 0;
    const nextApp = () => apps[turn++ % apps.length] as AppProcess;
    const hotLeads: string[] = [];
    let intakeSent = 0;

    const slackPost = (app: AppProcess, body: string) => {
      const ts = Math.floor(Date.now() / 1000);
      return fetch(`${app.url}/slack/events`, {
        method: "POST",
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": signSlackBody(SIGNING_SECRET, ts, body),
        },
        body,
      });
    };
    const command = (kind: Kind, due: number, user: string, text: string) =>
      inFlight.push(
        timed(
          kind,
          due,
          () => slackPost(nextApp(), slashCommand({ userId: user, text, responseUrl: slack.responseUrl() })),
          (s) => s === 200,
        ),
      );

    const intake = (i: number, due: number) => {
      intakeSent = i;
      const body = JSON.stringify({
        email: `open${i}@acme${i % 50}.io`,
        name: `Open Person ${i}`,
        company: `Acme ${i % 50}`,
        title: i % 5 === 0 ? "VP Hot" : "Analyst",
        source: "load",
      });
      const app = nextApp();
      const headers = {
        "content-type": "application/json",
        ...sign.leadops(WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)),
      };
      inFlight.push(
        timed(
          "intake",
          due,
          () =>
            fetch(`${app.url}/webhooks/leads`, {
              method: "POST",
              headers,
              body,
              signal: AbortSignal.timeout(TIMEOUT_MS),
            }),
          (s) => s === 200 || s === 201,
        ).then((text) => {
          if (text && i % 5 === 0) hotLeads.push((JSON.parse(text) as { lead: { id: string } }).lead.id);
        }),
      );
    };
    const interaction = (k: number, due: number) => {
      const rep = REPS[k % REPS.length] as string;
      const leadId = hotLeads[hotLeads.length - 1 - (k % 3)];
      if (k % 3 === 0 && leadId) {
        const payload = blockAction({
          userId: rep,
          actionId: "lead_claim",
          value: leadId,
          responseUrl: slack.responseUrl(),
        });
        const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
        inFlight.push(
          timed(
            "claim",
            due,
            () => slackPost(nextApp(), body),
            (s) => s === 200,
          ),
        );
      } else if (k % 3 === 1) command("find", due, rep, `find open${Math.max(0, intakeSent - 50)}@acme`);
      else command("mine", due, rep, "mine");
    };

    const start = performance.now();
    const end = start + SECONDS * 1000;
    await Promise.all([
      schedule(INTAKE_PER_S, start, end, intake),
      schedule(SLACK_PER_S, start, end, interaction),
      REPORT_EVERY_MS > 0
        ? schedule(1000 / REPORT_EVERY_MS, start, end, (_i, due) =>
            command("report", due, MANAGER, "report month"),
          )
        : Promise.resolve(),
    ]);
    await Promise.all(inFlight);
    const loadAfter = os.loadavg()[0] ?? 0;
    // Let acked commands finish their private replies before counting them.
    await new Promise((r) => setTimeout(r, 3_000));
    const alive = apps.map((a) => a.child.exitCode === null && a.child.signalCode === null);

    console.log(
      `machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, 1-min load average ` +
        `${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after; node ${process.version}; PostgreSQL ` +
        `server; 2 instances; open loop ${SECONDS} s: ${INTAKE_PER_S} leads/s, ${SLACK_PER_S} Slack interactions/s, ` +
        (REPORT_EVERY_MS ? `report month every ${REPORT_EVERY_MS / 1000} s` : "no report") +
        (SCALE !== 1 ? ` (rates scaled by ${SCALE})` : "") +
        `; a request unanswered after ${TIMEOUT_MS / 1000} s is an error`,
    );
    let totalErrors = 0;
    for (const kind of KINDS) {
      const s = [...samples[kind]].sort((a, b) => a - b);
      const errs = [...errors[kind].values()].reduce((a, b) => a + b, 0);
      totalErrors += errs;
      console.log(
        `${kind.padEnd(7)} ${String(s.length).padStart(6)} requests  p50 ${quantile(s, 0.5).toFixed(1)} ms  ` +
          `p99 ${quantile(s, 0.99).toFixed(1)} ms  max ${(s.at(-1) ?? 0).toFixed(1)} ms  errors ${errs}` +
          (errs > 0 ? ` ${JSON.stringify(Object.fromEntries(errors[kind]))}` : ""),
      );
    }
    console.log(
      `fake Slack received ${slack.callsTo("chat.postMessage").length} chat.postMessage, ` +
        `${slack.callsTo("response_url").length} private replies; instances ${alive.map((a) => (a ? "alive" : "EXITED")).join(", ")}`,
    );
    const p99 = (k: Kind) =>
      quantile(
        [...samples[k]].sort((a, b) => a - b),
        0.99,
      );
    const met = totalErrors === 0 && alive.every(Boolean) && p99("intake") < 100 && p99("claim") < 100;
    console.log(
      `goal (intake p99 < 100 ms, claim ack p99 < 100 ms, zero errors): ${met ? "MET" : "NOT MET"}`,
    );
    if (!met) process.exitCode = 1;
  } finally {
    for (const a of apps) await a.kill("SIGTERM");
    await slack.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

await main();
