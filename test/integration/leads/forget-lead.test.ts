import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../../../src/core/errors.ts";
import { forgetLead } from "../../../src/flows/forget-lead.ts";
import type { Database } from "../../../src/store/db.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";

describe.each(DB_KINDS)("forgetLead on %s", (kind) => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
  });
  afterAll(() => test.drop());

  it("erases personal data everywhere, keeps the anonymous facts, and records the erasure", async () => {
    const now = new Date("2026-11-20T12:00:00Z");
    const lead = await db.prisma.lead.create({
      data: {
        email: "gone@acme.io",
        firstName: "Gina",
        phone: "+49 30 1234567",
        source: "webinar",
        stage: "sql",
        totalScore: 70,
        attributes: { linkedin: "gina" },
      },
    });
    await db.prisma.leadEvent.create({
      data: { leadId: lead.id, type: "form_submitted", occurredAt: now, properties: { message: "call me" } },
    });
    await db.prisma.auditLog.create({
      data: {
        actor: "webhook",
        action: "lead.updated",
        entity: "lead",
        entityId: lead.id,
        data: { firstName: "G" },
      },
    });

    await forgetLead({ db, email: " GONE@acme.io ", actor: "U0MANAGER", now });

    const after = await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(after.email).not.toContain("gone@");
    expect([after.firstName, after.phone]).toEqual([null, null]);
    expect(after.attributes).toEqual({});
    expect([after.source, after.stage, after.totalScore]).toEqual(["webinar", "sql", 70]);
    expect(after.forgottenAt).toEqual(now);
    const event = await db.prisma.leadEvent.findFirstOrThrow({ where: { leadId: lead.id } });
    expect(event.properties).toEqual({});
    const logs = await db.prisma.auditLog.findMany({ where: { entityId: lead.id }, orderBy: { id: "asc" } });
    expect(JSON.stringify(logs.map((l) => l.data))).not.toContain('G"');
    expect(logs.at(-1)).toMatchObject({ action: "lead.forgotten", actor: "U0MANAGER" });
  });

  it("says when no lead has the email", async () => {
    await expect(
      forgetLead({ db, email: "nobody@acme.io", actor: "cli", now: new Date() }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
