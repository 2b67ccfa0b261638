// Stale MQLs: the audience (GET /api/audiences/stale-mql, JSON and CSV) lists marketing-qualified
// leads with no activity for followUp.mqlStaleDays days, and a lead leaves it when it acts again;
// the weekly job posts one message with the CSV to the marketing channel (files.uploadV2 at the
// fake Slack's HTTP layer), once per ISO week, retried after a Slack failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../../src/context.ts";
import { jobs, runJob } from "../../../src/jobs/schedule.ts";
import { run as staleMqlJob } from "../../../src/jobs/stale-mqls.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { FakeSlack } from "../../helpers/slack.ts";

const TOKEN = "test-api-token-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };
// Thursday of ISO week 2025-W12; with the default 14 days, stale means quiet since before 6 March 10:00.
const NOW = new Date("2025-03-20T10:00:00Z");
const HOUR = 3_600_000;
const CSV_HEADER = "id,email,name,company,segments,score,mqlAt,lastActivityAt,leadMagnet,campaign,source";

describe.each(DB_KINDS)("stale MQLs (%s)", (kind) => {
  let app: TestApp;
  let fake: FakeSlack;
  let now = NOW;
  const ids: Record<string, string> = {};
  /** The app's context with a Slack token pointed at the fake, as the server would have. */
  const jobCtx = (over: Partial<AppContext> = {}): AppContext => ({
    ...app.ctx,
    env: { ...app.ctx.env, SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_API_URL: fake.apiUrl },
    now: () => now,
    ...over,
  });

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    app = await startTestApp({
      kind,
      now: () => now,
      env: { LEADOPS_API_TOKEN: TOKEN },
      rulesYaml: "channels:\n  marketing: C0MKT\nreps:\n  - { slackId: U0ANN, name: Ann }\n",
    });
    const p = app.db.prisma;
    const old = { createdAt: new Date("2025-02-01T09:00:00Z"), mqlAt: new Date("2025-02-02T09:00:00Z") };
    const lead = async (key: string, data: Record<string, unknown>) => {
      const l = await p.lead.create({ data: { email: `${key}@example.com`, stage: "mql", ...old, ...data } });
      ids[key] = l.id;
      return l;
    };
    // Quiet since becoming MQL on 2 Feb; the company would run as a formula in a spreadsheet.
    await lead("quiet", {
      name: "Quinn Quiet",
      company: '=HYPERLINK("http://x")',
      segments: ["smb"],
      totalScore: 55,
      leadMagnet: "ebook",
      campaign: "spring",
      source: "google",
    });
    // Its last event (20 Feb) is still before the cutoff: stale, with that as its last activity.
    const opened = await lead("opened-long-ago", {
      createdAt: new Date("2025-01-01T00:00:00Z"),
      mqlAt: new Date("2025-01-05T00:00:00Z"),
    });
    await p.leadEvent.create({
      data: { leadId: opened.id, type: "email_opened", occurredAt: new Date("2025-02-20T08:00:00Z") },
    });
    // Acted again: a page visit on 15 March, which never touches Lead.lastActivityAt.
    const visited = await lead("visited", {});
    await p.leadEvent.create({
      data: { leadId: visited.id, type: "page_visited", occurredAt: new Date("2025-03-15T08:00:00Z") },
    });
    await lead("moved", { lastActivityAt: new Date("2025-03-12T00:00:00Z") });
    await lead("fresh-mql", {
      createdAt: new Date("2025-01-01T00:00:00Z"),
      mqlAt: new Date("2025-03-12T00:00:00Z"),
    });
    await lead("sql", { stage: "sql" });
    await lead("lost", { lostAt: new Date("2025-02-03T00:00:00Z") });
    await lead("forgotten", { forgottenAt: new Date("2025-02-03T00:00:00Z") });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.stop();
  });

  const get = (accept?: string) =>
    app.server.inject({
      method: "GET",
      url: "/api/audiences/stale-mql",
      headers: { ...auth, ...(accept ? { accept } : {}) },
    });

  it("lists the quiet MQLs as JSON, with their last activity, and refuses without the token", async () => {
    expect((await app.server.inject({ method: "GET", url: "/api/audiences/stale-mql" })).statusCode).toBe(
      401,
    );
    const res = await get();
    expect(res.statusCode).toBe(200);
    const body = res.json() as { staleDays: number; leads: Record<string, unknown>[] };
    expect(body.staleDays).toBe(14);
    const byEmail = new Map(body.leads.map((l) => [l.email, l]));
    expect([...byEmail.keys()].sort()).toEqual(["opened-long-ago@example.com", "quiet@example.com"]);
    expect(byEmail.get("quiet@example.com")).toEqual({
      id: ids.quiet,
      email: "quiet@example.com",
      name: "Quinn Quiet",
      company: '=HYPERLINK("http://x")',
      segments: ["smb"],
      score: 55,
      mqlAt: "2025-02-02T09:00:00.000Z",
      lastActivityAt: "2025-02-02T09:00:00.000Z",
      leadMagnet: "ebook",
      campaign: "spring",
      source: "google",
    });
    expect(byEmail.get("opened-long-ago@example.com")?.lastActivityAt).toBe("2025-02-20T08:00:00.000Z");
  });

  it("answers CSV for Accept: text/csv, formula-looking cells prefixed with '", async () => {
    const res = await get("text/csv");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = res.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(3);
    const quiet = lines.find((l) => l.includes("quiet@example.com"));
    expect(quiet).toBe(
      `${ids.quiet},quiet@example.com,Quinn Quiet,"'=HYPERLINK(""http://x"")",smb,55,2025-02-02T09:00:00.000Z,2025-02-02T09:00:00.000Z,ebook,spring,google`,
    );
  });

  it("does nothing without a marketing channel (logged)", async () => {
    fake.clear();
    const result = await staleMqlJob(jobCtx({ rules: { ...app.ctx.rules, channels: {} } }), now);
    expect(result).toEqual({ status: "not-configured", missing: "channels.marketing" });
    expect(fake.calls).toEqual([]);
  });

  it("posts once per week to marketing with the CSV attached; a Slack failure is retried next run", async () => {
    fake.clear();
    fake.script("files.getUploadURLExternal", { status: 503 });
    await expect(staleMqlJob(jobCtx(), now)).rejects.toThrow();
    expect(fake.callsTo("files.completeUploadExternal")).toEqual([]);

    now = new Date(NOW.getTime() + HOUR);
    expect(await staleMqlJob(jobCtx(), now)).toEqual({ status: "posted", week: "2025-W12", leads: 2 });
    const [complete] = fake.callsTo("files.completeUploadExternal");
    expect(complete?.body.channel_id).toBe("C0MKT");
    expect(String(complete?.body.initial_comment)).toContain(
      "Stale MQLs, week 2025-W12: 2 marketing-qualified leads",
    );
    expect(fake.callsTo("files.getUploadURLExternal").at(-1)?.body.filename).toBe("stale-mqls-2025-W12.csv");
    const csv = fake.callsTo("file_upload")[0]?.data?.toString("utf8") ?? "";
    expect(csv.split("\r\n")[0]).toBe(CSV_HEADER);
    expect(csv).toContain("quiet@example.com");
    expect(csv).toContain("opened-long-ago@example.com");
    expect(csv).not.toContain("visited@example.com");

    // Later the same week (another instance, another tick): nothing more is posted.
    now = new Date(NOW.getTime() + 30 * HOUR);
    expect(await staleMqlJob(jobCtx(), now)).toEqual({ status: "already-posted", week: "2025-W12" });
    expect(fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
  });

  it("a lead leaves the list when it acts again, and the next week is posted again", async () => {
    await app.db.prisma.leadEvent.create({
      data: { leadId: ids.quiet!, type: "email_clicked", occurredAt: new Date("2025-03-22T08:00:00Z") },
    });
    now = new Date("2025-03-24T09:53:00Z"); // Monday of 2025-W13
    const emails = ((await get()).json() as { leads: { email: string }[] }).leads.map((l) => l.email);
    expect(emails).toEqual(["opened-long-ago@example.com"]);
    fake.clear();
    expect(await staleMqlJob(jobCtx(), now)).toEqual({ status: "posted", week: "2025-W13", leads: 1 });
    expect(fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
  });

  // PostgreSQL only: several instances share a server, and the job's advisory lock keeps their
  // ticks apart. PGlite is one process by construction (its folder is locked) and its
  // withAdvisoryLock is a pass-through; within a process node-cron's noOverlap does that job.
  it.skipIf(kind === "pglite")(
    "two instances ticking at once post the week once (advisory lock, then the week marker)",
    async () => {
      const job = jobs.find((j) => j.name === "stale-mqls")!;
      now = new Date("2025-03-31T09:53:00Z"); // Monday of 2025-W14
      fake.clear();
      const ticks = await Promise.all([runJob(jobCtx(), job, now), runJob(jobCtx(), job, now)]);
      expect(ticks.filter((t) => t.ran && (t.result as { status: string }).status === "posted")).toHaveLength(
        1,
      );
      expect(fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
    },
  );
});
