// Every writer that locks several leads locks them in id order: a capture batch (existing rows,
// merge-into-lead.ts) as much as a rescore or decay chunk (load-lead-state.ts). Before, a batch
// locked in email order, so a batch and a chunk sharing two leads whose email and id orders
// differ could each hold one and wait for the other, and PostgreSQL aborted one of them
// (deadlock detected). PGlite runs one transaction at a time: PostgreSQL only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRules, rulesHash } from "../../../src/config/rules.ts";
import { captureLead, captureLeadsTogether } from "../../../src/flows/capture-leads.ts";
import { refreshLeads } from "../../../src/flows/refresh-lead.ts";
import type { Database } from "../../../src/store/db.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/db.ts";
import { signal, waitForLockWaiters } from "../../helpers/lock-waits.ts";

const now = new Date("2026-11-20T12:00:00Z");

describe("lead lock order on postgres", () => {
  let test: TestDatabase;
  let db: Database;
  const rules = parseRules("");
  const ctx = () => ({ db, rules, rulesHash: rulesHash(rules), now: () => now });
  beforeAll(async () => {
    test = await createTestDatabase("postgres");
    db = test.db;
  });
  afterAll(() => test.drop());

  /** Two stored leads whose order by email is the reverse of their order by id. */
  async function crossedPair(): Promise<{
    low: { id: string; email: string };
    high: { id: string; email: string };
  }> {
    for (let n = 0; ; n++) {
      const stored = [];
      for (const email of [`order-${n}-a@acme.io`, `order-${n}-b@acme.io`]) {
        const { lead } = await captureLead({ ctx: ctx(), input: { email }, actor: "test" });
        stored.push({ id: lead.id, email });
      }
      const [first, second] = stored.sort((x, y) => (x.id < y.id ? -1 : 1));
      // `low` has the lower id and the higher email.
      if (first!.email > second!.email) return { low: first!, high: second! };
    }
  }

  it("a capture batch and a rescore chunk sharing two leads both commit", async () => {
    const { low, high } = await crossedPair();
    // A third transaction holds `high` (the lower email) so both writers queue behind it in a
    // known order: the batch first, then the chunk.
    const { promise: gate, fire: release } = signal();
    const { promise: held, fire: holding } = signal();
    const blocker = db.transaction(async (tx) => {
      await tx.sql.query(`SELECT id FROM "Lead" WHERE id = $1::uuid FOR UPDATE`, [high.id]);
      holding();
      await gate;
    });
    await held;
    const batch = captureLeadsTogether(ctx(), [
      { input: { email: low.email, company: "Low Inc" }, actor: "webhook:leads" },
      { input: { email: high.email, company: "High Inc" }, actor: "webhook:leads" },
    ]);
    await waitForLockWaiters(test.url!, 1);
    const chunk = db.transaction((tx) =>
      refreshLeads({ tx, ctx: ctx(), leadIds: [low.id, high.id], actor: "system:decay" }),
    );
    await waitForLockWaiters(test.url!, 2);
    release();
    const [, batchResult, chunkResult] = await Promise.allSettled([blocker, batch, chunk]);
    // Email order: the batch waits for `high` holding nothing, the chunk takes `low` and waits
    // for `high`; once `high` is free the batch takes it and waits for `low`: a deadlock.
    expect(batchResult.status).toBe("fulfilled");
    expect(chunkResult.status).toBe("fulfilled");
    const rows = await db.sql.query<{ email: string; company: string }>(
      `SELECT email, company FROM "Lead" WHERE id = ANY($1::uuid[]) ORDER BY email`,
      [[low.id, high.id]],
    );
    expect(rows.map((r) => r.company).sort()).toEqual(["High Inc", "Low Inc"]);
  });
});
