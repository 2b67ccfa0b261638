// Group commit of webhook captures: deliveries that arrive together are stored in one
// transaction, each sender gets its own answer, and one bad delivery fails only its sender.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultRules, rulesHash } from "../../../src/config/rules.ts";
import { CaptureBatcher } from "../../../src/flows/capture-batcher.ts";
import type { Database } from "../../../src/store/db.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";

const rules = defaultRules();

describe.each(DB_KINDS)("CaptureBatcher on %s", (kind) => {
  let test: TestDatabase;
  let db: Database;
  let batcher: CaptureBatcher;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
    batcher = new CaptureBatcher(
      { db, rules, rulesHash: rulesHash(rules), now: () => new Date() },
      { maxBatch: 8, maxConcurrent: 1 },
    );
  });
  afterAll(() => test.drop());

  const capture = (email: string, extra: Record<string, unknown> = {}) =>
    batcher.capture({ input: { email, ...extra }, actor: "webhook:leads" });
  // With one batch at a time, the first delivery of a burst goes alone and the ones behind it
  // wait and then share a transaction: this puts the deliveries under test in one batch.
  let opener = 0;
  const opening = () => capture(`opener-${opener++}@acme.io`);

  it("answers every delivery of a burst with its own lead, and stores each once", async () => {
    const emails = Array.from({ length: 30 }, (_, i) => `burst-${i}@acme.io`);
    const results = await Promise.all(emails.map((email, i) => capture(email, { firstName: `N${i}` })));
    expect(results.map((r) => r.lead.email)).toEqual(emails);
    expect(results.every((r) => r.created)).toBe(true);
    const stored = await db.prisma.lead.findMany({
      where: { email: { in: emails } },
      select: { email: true, firstName: true },
    });
    expect(stored).toHaveLength(30);
    for (const lead of stored) expect(lead.firstName).toBe(`N${emails.indexOf(lead.email)}`);
    const audits = await db.prisma.auditLog.count({
      where: { action: "lead.created", entityId: { in: results.map((r) => r.lead.id) } },
    });
    expect(audits).toBe(30);
  });

  it("merges the same email given twice in one burst, in arrival order", async () => {
    const [, first, second, third] = await Promise.all([
      opening(),
      capture("Twice@Acme.io", { firstName: "Ann", title: "Engineer" }),
      capture("twice@acme.io", { lastName: "Lee", title: "CTO" }),
      capture("other-in-burst@acme.io"),
    ]);
    expect(first!.created).toBe(true);
    expect(second!.created).toBe(false);
    expect(third!.created).toBe(true);
    expect(second!.lead.id).toBe(first!.lead.id);
    const lead = await db.prisma.lead.findUniqueOrThrow({ where: { email: "twice@acme.io" } });
    expect([lead.firstName, lead.lastName, lead.title]).toEqual(["Ann", "Lee", "CTO"]);
    const updated = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: "lead.updated", entityId: lead.id },
    });
    expect(updated.data).toMatchObject({ changes: { title: { from: "Engineer", to: "CTO" } } });
  });

  it("fails only the delivery the database refuses; the rest of its batch is stored", async () => {
    const [, ...results] = await Promise.allSettled([
      opening(),
      capture("good-1@acme.io"),
      // Out of range for the integer column: the batch's transaction fails on it.
      capture("bad@acme.io", { companySize: 3_000_000_000 }),
      capture("good-2@acme.io"),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(
      await db.prisma.lead.count({ where: { email: { in: ["good-1@acme.io", "good-2@acme.io"] } } }),
    ).toBe(2);
    expect(await db.prisma.lead.count({ where: { email: "bad@acme.io" } })).toBe(0);
  });
});
