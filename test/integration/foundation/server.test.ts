import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

describe.each(DB_KINDS)("foundation on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind, rulesYaml: "reps:\n  - { slackId: U0REP1, name: Ann }\n" });
  });
  afterAll(() => app.close());

  it("is live and ready with every migration applied", async () => {
    expect((await app.server.inject("/healthz")).statusCode).toBe(200);
    const ready = await app.server.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok" } });
  });

  it("serves Prometheus metrics", async () => {
    const res = await app.server.inject("/metrics");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("leadops_http_requests_total");
  });

  it("answers unknown routes with the JSON error shape", async () => {
    const res = await app.server.inject({ method: "POST", url: "/nope" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: "not_found", message: expect.any(String), details: [] } });
  });

  it("logs one line naming the missing Slack variables in offline mode", () => {
    const offline = app.logs.filter((l) => l.includes("offline mode"));
    expect(offline).toHaveLength(1);
    expect(offline[0]).toContain("SLACK_BOT_TOKEN");
    expect(offline[0]).toContain("manifest.yml");
  });

  it("syncs reps from the rules file", async () => {
    const reps = await app.db.prisma.rep.findMany({ select: { slackId: true, name: true, active: true } });
    expect(reps).toEqual([{ slackId: "U0REP1", name: "Ann", active: true }]);
  });
});
