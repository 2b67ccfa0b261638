import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRules, parseRules, rulesHash } from "../../../src/config/rules.ts";
import { refreshLead } from "../../../src/flows/refresh-lead.ts";
import type { Database } from "../../../src/store/db.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";

const rules = defaultRules();
const now = new Date("2026-11-20T12:00:00Z");
const ctx = { rules, rulesHash: rulesHash(rules), now: () => now };

describe.each(DB_KINDS)("refreshLead on %s", (kind) => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
  });
  afterAll(() => test.drop());

  async function addEvent(leadId: string, type: string, minutesAgo: number, properties = {}) {
    await db.prisma.leadEvent.create({
      data: { leadId, type, properties, occurredAt: new Date(now.getTime() - minutesAgo * 60_000) },
    });
  }
  const refresh = (leadId: string) => db.transaction((tx) => refreshLead({ tx, ctx, leadId, actor: "test" }));

  it("scores events with a receipt, moves grade and stage, and alerts once per change with both crossings", async () => {
    const lead = await db.prisma.lead.create({ data: { email: "r1@acme.io", createdAt: now } });
    await addEvent(lead.id, "trial_started", 1);
    await addEvent(lead.id, "email_opened", 1);
    const warm = await refresh(lead.id);
    expect(warm.score.engagement).toBe(30);
    expect(warm.grade).toBe("warm");
    expect(warm.stage).toBe("mql");

    await addEvent(lead.id, "appointment_booked", 1);
    await addEvent(lead.id, "page_visited", 1, { url: "https://acme.io/pricing" });
    const hot = await refresh(lead.id);
    expect(hot.score.engagement).toBe(65);
    expect(hot.grade).toBe("hot");
    expect(hot.stage).toBe("sql");

    // Nothing changed: no new crossing.
    await refresh(lead.id);

    const receipt = await db.prisma.scoreEntry.findMany({
      where: { leadId: lead.id },
      orderBy: { rule: "asc" },
    });
    expect(receipt.map((r) => [r.kind, r.points])).toEqual(
      expect.arrayContaining([
        ["engagement", 25],
        ["engagement", 5],
        ["engagement", 10],
      ]),
    );
    expect(receipt.reduce((s, r) => s + r.currentPoints, 0)).toBeCloseTo(65, 1);

    const transitions = await db.prisma.leadTransition.findMany({
      where: { leadId: lead.id },
      orderBy: { at: "asc" },
      select: { field: true, from: true, to: true },
    });
    expect(transitions).toEqual(
      expect.arrayContaining([
        { field: "grade", from: "cold", to: "warm" },
        { field: "stage", from: "lead", to: "mql" },
        { field: "grade", from: "warm", to: "hot" },
        { field: "stage", from: "mql", to: "sql" },
      ]),
    );
    expect(transitions).toHaveLength(4);
    // Four crossings, two changes: one alert each, showing the grade and the stage crossing.
    const alerts = await db.prisma.outboxMessage.findMany({
      where: { leadId: lead.id, kind: "threshold_alert" },
      orderBy: { id: "asc" },
    });
    expect(
      alerts.map((a) =>
        (a.payload as { crossings: { field: string; from: string; to: string }[] }).crossings.map(
          (c) => `${c.field}:${c.from}->${c.to}`,
        ),
      ),
    ).toEqual([
      ["grade:cold->warm", "stage:lead->mql"],
      ["grade:warm->hot", "stage:mql->sql"],
    ]);

    const stored = await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(stored.mqlAt).toEqual(now);
    expect(stored.sqlAt).toEqual(now);
    expect(stored.rulesVersion).toBe(ctx.rulesHash);
  });

  it("alerts only the crossings `alerts` lists (`crossings`, `down`), and still records every transition", async () => {
    const only = parseRules("alerts: { crossings: [hot], down: false }\n");
    const quiet = { rules: only, rulesHash: rulesHash(only), now: () => now };
    const lead = await db.prisma.lead.create({ data: { email: "r3@acme.io", createdAt: now } });
    const run = () => db.transaction((tx) => refreshLead({ tx, ctx: quiet, leadId: lead.id, actor: "test" }));
    await addEvent(lead.id, "trial_started", 1);
    await addEvent(lead.id, "email_opened", 1);
    expect((await run()).grade).toBe("warm");
    await addEvent(lead.id, "appointment_booked", 1);
    await addEvent(lead.id, "page_visited", 1, { url: "https://acme.io/pricing" });
    expect((await run()).grade).toBe("hot");
    await addEvent(lead.id, "unsubscribed", 1);
    await addEvent(lead.id, "appointment_canceled", 1);
    expect((await run()).grade).not.toBe("hot");
    const alerts = await db.prisma.outboxMessage.findMany({
      where: { leadId: lead.id, kind: "threshold_alert" },
    });
    // warm is not listed, falling below hot is a down crossing: only WARM → HOT alerts.
    expect(
      alerts.map((a) => (a.payload as { crossings: { to: string }[] }).crossings.map((c) => c.to)),
    ).toEqual([["hot"]]);
    expect(await db.prisma.leadTransition.count({ where: { leadId: lead.id } })).toBeGreaterThanOrEqual(5);
  });

  it("keeps the stage when the score falls (no automatic move back) but the grade follows", async () => {
    const lead = await db.prisma.lead.create({ data: { email: "r2@acme.io", createdAt: now } });
    await addEvent(lead.id, "trial_started", 1);
    await addEvent(lead.id, "email_clicked", 1);
    expect((await refresh(lead.id)).stage).toBe("mql");
    await addEvent(lead.id, "unsubscribed", 1);
    const after = await refresh(lead.id);
    expect(after.grade).toBe("cold");
    expect(after.stage).toBe("mql");
  });
});
