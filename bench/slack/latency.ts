// Speed to lead through the Slack outbox: from the webhook that makes a lead hot to its
// chat.postMessage in the hot channel, against a fake Web API that enforces Slack's posting limit
// per channel (bench/slack/limited-slack.ts: bursts of 3, then 1 message/s, 429 past it).
// One app process (`npm start`'s bundle) on a scratch PostgreSQL database (or PGlite with
// --pglite), default rules with 20 reps; every lead is hot and posted for a claim, so each also
// gets a routing reply in its thread (same channel) and a threshold alert (marketing channel); in
// the steady cases a rep clicks Claim 300 ms after each post appears, which updates the post and
// sends a DM and an assignment reply.
//
//   npx tsx bench/slack/latency.ts                 # 0.5, 1 and 2 hot leads/s for 30 s each, then 300 at once
//   npx tsx bench/slack/latency.ts --seconds 20 --only 1,burst
//
// Prints per case p50/p90/p99/max of webhook → hot post, when the last lead became visible, the
// trailing thread replies and DMs, and the 429s the fake answered. Goals (issue 18): p99 < 500 ms
// at 1 lead/s, the burst visible in < 60 s, no 429 in the steady cases.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import pg from "pg";
import { sign } from "../../src/intake/signatures.ts";
import { signSlackBody } from "../../src/slack/verify.ts";
import { blockAction } from "../../test/fixtures/slack/payloads.ts";
import { type AppProcess, startAppProcess } from "../../test/helpers/process.ts";
import { LimitedSlack, type Post } from "./limited-slack.ts";

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SECONDS = Number(arg("--seconds") ?? 30);
const ONLY = arg("--only")?.split(",");
const PGLITE = args.includes("--pglite");
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const WEBHOOK_SECRET = "latency-secret";
const SIGNING_SECRET = "latency-signing-secret";
const HOT = "C0BENCHHOT";
const REPS = Array.from({ length: 20 }, (_, i) => `U0LAT${String(i).padStart(2, "0")}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function rulesFile(dir: string): string {
  const file = join(dir, "leadops.yml");
  writeFileSync(
    file,
    `channels: { hot: ${HOT}, marketing: C0BENCHMKT, managers: C0BENCHMGR }
reps:
${REPS.map((id) => `  - { slackId: ${id}, name: Rep ${id.slice(-2)} }`).join("\n")}
scoring:
  thresholds: { warm: 20, hot: 40 }
  fit:
    - { id: hot_marker, when: { field: title, op: eq, value: "VP Hot" }, points: 50 }
routing:
  claimWindowMinutes: 60
sources:
  webhook: { rateLimitPerMinute: 100000000 }
`,
  );
  return file;
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
}

function summary(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const f = (v: number) => (Number.isNaN(v) ? "–" : v.toFixed(0));
  return `p50 ${f(quantile(s, 0.5))} p90 ${f(quantile(s, 0.9))} p99 ${f(quantile(s, 0.99))} max ${f(s.at(-1) ?? Number.NaN)} ms`;
}

interface Sent {
  id: string;
  sentAt: number;
  /** When the webhook answered: the rest of the latency is the outbox's. */
  answeredAt: number;
}

let seq = 0;
async function postLead(app: AppProcess): Promise<Sent> {
  seq += 1;
  const body = JSON.stringify({
    email: `lat${seq}-${randomBytes(3).toString("hex")}@acme${seq % 40}.io`,
    name: `Latency Person ${seq}`,
    company: `Acme ${seq % 40}`,
    title: "VP Hot",
    source: "webhook",
  });
  const sentAt = Date.now();
  const res = await fetch(`${app.url}/webhooks/leads`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...sign.leadops(WEBHOOK_SECRET, body, Math.floor(sentAt / 1000)),
    },
    body,
  });
  const json = (await res.json()) as { lead?: { id: string } };
  if (!json.lead) throw new Error(`webhook answered ${res.status}`);
  return { id: json.lead.id, sentAt, answeredAt: Date.now() };
}

async function click(app: AppProcess, slack: LimitedSlack, rep: string, leadId: string, ts: string) {
  const payload = blockAction({
    userId: rep,
    actionId: "lead_claim",
    value: leadId,
    responseUrl: slack.responseUrl(),
    channelId: HOT,
    messageTs: ts,
  });
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const t = Math.floor(Date.now() / 1000);
  await fetch(`${app.url}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(t),
      "x-slack-signature": signSlackBody(SIGNING_SECRET, t, body),
    },
    body,
  }).then((r) => r.arrayBuffer());
}

let dbUrl: string | null = null;

/** Notices not yet delivered (PostgreSQL only: PGlite's folder belongs to the app). */
async function queued(): Promise<number> {
  if (!dbUrl) return 0;
  const c = new pg.Client({ connectionString: dbUrl });
  c.on("error", () => {});
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "OutboxMessage" WHERE status IN ('pending', 'sending')`,
    );
    return rows[0]?.n ?? 0;
  } finally {
    await c.end();
  }
}

/**
 * Waits until every lead is in a hot post; with `drain`, then until the outbox is empty and Slack
 * heard nothing for 2 s (at most 240 s in all), so the next case starts from an empty queue.
 */
async function settle(slack: LimitedSlack, from: number, ids: Set<string>, drain: boolean): Promise<void> {
  const end = Date.now() + 240_000;
  const seen = () => new Set(slack.posts.slice(from).flatMap((p) => p.leadIds));
  while (Date.now() < end && [...ids].some((id) => !seen().has(id))) await sleep(100);
  if (!drain) return;
  while (Date.now() < end && (Date.now() - (slack.posts.at(-1)?.at ?? 0) < 2_000 || (await queued()) > 0))
    await sleep(500);
}

async function runCase(
  name: string,
  app: AppProcess,
  slack: LimitedSlack,
  send: () => Promise<Sent[]>,
  claims: boolean,
  drain = true,
): Promise<void> {
  const from = slack.posts.length;
  const refused0 = slack.refusedTotal;
  const clickAt = new Map<string, number[]>(); // rep → click instants, oldest first
  const clicks: Promise<void>[] = [];
  let turn = 0;
  slack.onPost = (post) => {
    if (!claims || post.channel !== HOT || post.threadTs || post.leadIds.length === 0) return;
    for (const id of post.leadIds) {
      const rep = REPS[turn++ % REPS.length] as string;
      clicks.push(
        sleep(300).then(() => {
          clickAt.set(rep, [...(clickAt.get(rep) ?? []), Date.now()]);
          return click(app, slack, rep, id, post.ts);
        }),
      );
    }
  };
  const leads = await send();
  const first = Math.min(...leads.map((l) => l.sentAt));
  await settle(slack, from, new Set(leads.map((l) => l.id)), false);
  await Promise.all(clicks);
  // The next case starts with an empty queue (the last needs no wait).
  await settle(slack, from, new Set(), drain);
  slack.onPost = () => {};
  const posts = slack.posts.slice(from);
  const seenAt = new Map<string, Post>();
  for (const p of posts) for (const id of p.leadIds) if (!seenAt.has(id)) seenAt.set(id, p);
  const latency = leads.map((l) => (seenAt.get(l.id)?.at ?? Number.POSITIVE_INFINITY) - l.sentAt);
  const hotPosts = posts.filter((p) => p.channel === HOT && !p.threadTs && p.leadIds.length > 0);
  const postAt = new Map(hotPosts.map((p) => [p.ts, p.at]));
  const replies = posts.filter((p) => p.threadTs !== null);
  const trail = replies.map((r) => r.at - (postAt.get(r.threadTs as string) ?? r.at));
  const dms: number[] = [];
  for (const p of posts.filter((q) => q.channel.startsWith("DU"))) {
    const t = clickAt.get(p.channel.slice(1))?.shift();
    if (t !== undefined) dms.push(p.at - t);
  }
  const lastVisible = Math.max(...[...seenAt.values()].map((p) => p.at)) - first;
  const alerts = posts.filter((p) => p.channel === "C0BENCHMKT").length;
  console.log(
    `${name}: ${leads.length} leads, webhook → hot post ${summary(latency)} (webhook answered ${summary(leads.map((l) => l.answeredAt - l.sentAt))}); last lead visible ${(lastVisible / 1000).toFixed(1)} s after the first webhook; ` +
      `${hotPosts.length} hot posts; ${replies.length} thread replies trail their post ${summary(trail)}; ` +
      `${dms.length} DMs after the click ${summary(dms)}; ${alerts} alerts; 429s ${slack.refusedTotal - refused0}`,
  );
}

function steady(app: AppProcess, perSecond: number) {
  return async () => {
    const n = Math.max(1, Math.round(perSecond * SECONDS));
    const t0 = Date.now();
    const sent: Promise<Sent>[] = [];
    for (let i = 0; i < n; i++) {
      await sleep(t0 + (i * 1000) / perSecond - Date.now());
      sent.push(postLead(app));
    }
    return Promise.all(sent);
  };
}

function burst(app: AppProcess, n: number, concurrency = 16) {
  return async () => {
    const out: Sent[] = [];
    let next = 0;
    const worker = async () => {
      while (next++ < n) out.push(await postLead(app));
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return out;
  };
}

async function main() {
  const dir = mkdtempSync(join(os.tmpdir(), "leadops-latency-"));
  const dbName = `leadops_latency_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = PGLITE ? null : new pg.Client({ connectionString: ADMIN_URL });
  const slack = await new LimitedSlack().start();
  let app: AppProcess | undefined;
  try {
    const env: Record<string, string> = {
      LEADOPS_WEBHOOK_SECRET: WEBHOOK_SECRET,
      LEADOPS_CONFIG: rulesFile(dir),
      SLACK_BOT_TOKEN: "xoxb-latency-bench",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: "info",
    };
    if (admin) {
      // Another suite restarting the shared server must not end the bench; queries will fail.
      admin.on("error", () => {});
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${dbName}`;
      env.DATABASE_URL = url.toString();
      dbUrl = env.DATABASE_URL;
    } else env.LEADOPS_DATA_DIR = join(dir, "data");
    app = await startAppProcess(env, 60_000);
    const a = app;
    console.log(
      `machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(
          " ",
        )}; node ${process.version}; ${PGLITE ? "PGlite" : "PostgreSQL server"}; fake Slack: bursts of 3, 1 msg/s/channel`,
    );
    // Warm-up: the first lead pays for connections and compiled code.
    await runCase("warm-up", a, slack, burst(a, 2, 1), false);
    const cases: [string, string, () => Promise<Sent[]>, boolean][] = [
      ["0.5", "0.5 hot leads/s", steady(a, 0.5), true],
      ["1", "1 hot lead/s", steady(a, 1), true],
      ["2", "2 hot leads/s", steady(a, 2), true],
      ["burst", "300 at once", burst(a, 300), false],
    ];
    for (const [key, name, send, claims] of cases) {
      if (ONLY && !ONLY.includes(key)) continue;
      await runCase(name, a, slack, send, claims, key !== "burst");
    }
    console.log(
      `load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
  } finally {
    await app?.kill("SIGTERM");
    await slack.stop();
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
