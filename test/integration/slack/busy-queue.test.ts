// Heavy `/leads` subcommands share two slots per instance: with two `find`s stuck on the database
// (the Lead table locked by another session), a third is not run: its caller is told at once that
// it is queued, and it answers once the lock goes. PostgreSQL only: PGlite has one connection, so
// a lock there would stop the test's own session too.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slashCommand } from "../../fixtures/slack/payloads.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, MARKETER, RULES } from "./setup.ts";

async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("heavy /leads subcommands on one instance (postgres)", () => {
  let test: TestDatabase;
  let app: SlackTestApp;
  beforeAll(async () => {
    test = await createTestDatabase("postgres");
    app = await startSlackTestApp({ kind: "postgres", rulesYaml: RULES, database: test });
  });
  afterAll(async () => {
    await app?.close();
    await test?.drop();
  });

  it("runs two at once; a third waits, told it is queued, and answers when a slot frees", async () => {
    const lead = await createHotLead(app, { name: "Queued Person" });
    app.fake.clear();
    const locker = new pg.Client({ connectionString: test.url });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query('LOCK TABLE "Lead" IN ACCESS EXCLUSIVE MODE');
      for (const id of ["one", "two", "three"]) {
        const res = await app.send(
          slashCommand({
            userId: MARKETER,
            text: `find ${lead.email}`,
            responseUrl: app.fake.responseUrl(id),
          }),
          "application/x-www-form-urlencoded",
        );
        expect(res.statusCode).toBe(200);
      }
      const replies = (id: string) => app.fake.callsTo("response_url").filter((c) => c.responseId === id);
      await until(() => replies("three").length > 0);
      expect(String(replies("three")[0]?.body.text)).toMatch(
        /^Busy: 2 requests are ahead of yours; it is queued/,
      );
      expect(replies("one")).toHaveLength(0);
      expect(replies("two")).toHaveLength(0);
      await locker.query("COMMIT");
      await app.idle();
      for (const id of ["one", "two", "three"]) {
        const answers = replies(id).filter((c) => !String(c.body.text).startsWith("Busy"));
        expect(JSON.stringify(answers[0]?.body)).toContain("Queued Person");
      }
      expect(replies("one")).toHaveLength(1);
    } finally {
      await locker.end();
    }
  });
});
