// Bulk runs tell marketing once: a rescore after a threshold change and a CSV import queue one
// summary ("1000 leads crossed to warm"), never an alert per lead. Counted where Slack sees it,
// at the fake Web API.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rescoreLeads } from "../../../src/flows/rescore-leads.ts";
import { importLeads } from "../../../src/intake/import-leads-csv.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { RULES, textOf } from "./setup.ts";

const MARKETING = "C0MKT0001";
// Any lead with a company domain scores 5 (business_email): warm at 3, far from hot.
const LOW_WARM = `${RULES}scoring:\n  thresholds: { warm: 3, hot: 90 }\n`;

describe.each(DB_KINDS)("alerts of bulk runs (%s)", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: LOW_WARM });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Passes a second apart until no notice is left unsettled (ten minutes at most); returns the posts Slack took. */
  async function drain() {
    for (let i = 0; i < 600; i++) {
      app.clock.advance(1_000);
      await app.outbox();
      const open = await app.db.prisma.outboxMessage.count({
        where: { status: { in: ["pending", "sending"] } },
      });
      if (open === 0) break;
    }
    return app.fake.callsTo("chat.postMessage");
  }

  it("a rescore of 1,000 leads with changed thresholds posts one summary, not an alert per lead", async () => {
    app.fake.clear();
    await app.db.prisma.lead.createMany({
      data: Array.from({ length: 1000 }, (_, i) => ({
        email: `bulk${i}@acme.test`,
        domain: "acme.test",
        name: `Bulk Lead ${i}`,
        grade: "cold",
        stage: "lead",
        rulesVersion: "older-rules",
      })),
    });
    const { rescored } = await rescoreLeads({ db: app.db, ctx: app.ctx });
    expect(rescored).toBeGreaterThanOrEqual(1000);
    expect(await app.db.prisma.lead.count({ where: { email: { startsWith: "bulk" }, grade: "warm" } })).toBe(
      1000,
    );
    // Every crossing is still recorded, two per lead (grade and stage).
    expect(await app.db.prisma.leadTransition.count({ where: { actor: "rescore" } })).toBe(2000);

    const posts = await drain();
    expect(posts.length).toBeLessThanOrEqual(3);
    const toMarketing = posts.filter((p) => p.body.channel === MARKETING);
    expect(toMarketing).toHaveLength(1);
    const summary = textOf(toMarketing[0]?.body);
    expect(summary).toContain("Rescore: 1000 leads crossed to warm, 1000 to mql");
    expect(summary).toContain("Bulk Lead");
    // Listed up to Slack's block limit, the rest counted.
    const blocks = toMarketing[0]?.body.blocks as unknown[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(summary).toMatch(/and 95\d more leads not listed/);
  });

  it("a CSV import posts one summary of its crossings", async () => {
    app.fake.clear();
    const dir = mkdtempSync(join(tmpdir(), "leadops-import-"));
    const file = join(dir, "leads.csv");
    const rows = Array.from({ length: 30 }, (_, i) => `imported${i}@acme.test,Imported ${i},Acme`);
    writeFileSync(file, `email,name,company\n${rows.join("\n")}\n`);
    const result = await importLeads({ ctx: app.ctx, file, batchSize: 10 });
    expect(result.created).toBe(30);
    const posts = await drain();
    const toMarketing = posts.filter((p) => p.body.channel === MARKETING);
    expect(toMarketing).toHaveLength(1);
    expect(textOf(toMarketing[0]?.body)).toContain("Import: 30 leads crossed to warm, 30 to mql");
  });
});
