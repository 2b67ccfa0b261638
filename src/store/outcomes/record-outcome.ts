// How a lead ended, or another purchase: one Outcome row (won with an amount, lost or nurture
// with a reason). The report counts won rows as purchases (docs/report.md).
import type { Outcome } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const insert = statement<
  Pick<Outcome, "id">,
  [string, string, number | null, string | null, string | null, string, string, string]
>(
  "recordOutcome",
  ["id"],
  `INSERT INTO "Outcome" (id, "leadId", kind, amount, currency, reason, "occurredAt", "byUserId", "createdAt")
   VALUES (gen_random_uuid(), $1::uuid, $2, $3::numeric, $4, $5, $6::timestamp, $7, $8::timestamp)
   RETURNING id`,
);

export async function recordOutcome(
  tx: Tx,
  o: {
    leadId: string;
    kind: "won" | "lost" | "nurture";
    amount?: number | null;
    currency?: string | null;
    reason?: string | null;
    occurredAt: Date;
    by: string;
    /** When it is recorded ("createdAt"). */
    at: Date;
  },
): Promise<{ id: string }> {
  const [row] = await insert.run(
    tx,
    o.leadId,
    o.kind,
    o.amount ?? null,
    o.currency ?? null,
    o.reason ?? null,
    utcTimestamp(o.occurredAt),
    o.by,
    utcTimestamp(o.at),
  );
  if (!row) throw new Error("the outcome was not stored");
  return row;
}
