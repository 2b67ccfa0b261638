// The one transaction kind (docs/decisions/0002-data-access.md): db.transaction runs its work
// once, and commits it exactly once or not at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/store/db.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";

describe.each(DB_KINDS)("db.transaction on %s", (kind) => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
  });
  afterAll(() => test.drop());

  const countOf = async (email: string) => db.prisma.lead.count({ where: { email } });
  const insert = (tx: Parameters<Parameters<Database["transaction"]>[0]>[0], email: string) =>
    tx.sql.query(`INSERT INTO "Lead" (id, email, "updatedAt") VALUES (gen_random_uuid(), $1, now())`, [
      email,
    ]);

  it("commits plain SQL without Prisma, and reads timestamps as UTC", async () => {
    const rows = await db.transaction(async (tx) => {
      await insert(tx, "plain@acme.io");
      return tx.sql.query<{ at: Date }>(`SELECT '2026-03-29 01:30:00.250'::timestamp AS at`);
    });
    expect(rows[0]!.at.toISOString()).toBe("2026-03-29T01:30:00.250Z");
    expect(await countOf("plain@acme.io")).toBe(1);
  });

  it("rolls everything back when the work throws", async () => {
    await expect(
      db.transaction(async (tx) => {
        await insert(tx, "rolled-back@acme.io");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await countOf("rolled-back@acme.io")).toBe(0);
  });

  it("keeps a connection usable after a statement error (the pool is not poisoned)", async () => {
    await expect(db.transaction((tx) => tx.sql.query("SELECT 1/0"))).rejects.toThrow(/division by zero/);
    for (let i = 0; i < 12; i++) {
      const [row] = await db.transaction((tx) => tx.sql.query<{ one: number }>("SELECT 1 AS one"));
      expect(row!.one).toBe(1);
    }
  });
});
