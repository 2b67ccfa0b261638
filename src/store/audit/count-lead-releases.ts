// How many times a lead was released so far: each release re-posts it, and the count keeps the
// re-posts' dedupe keys apart.
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const count = statement<{ n: number }, [string]>(
  "countLeadReleases",
  ["n"],
  `SELECT count(*)::int AS n FROM "AuditLog" WHERE entity = 'lead' AND "entityId" = $1 AND action = 'lead.released'`,
);

export async function countLeadReleases(tx: Tx, leadId: string): Promise<number> {
  const [row] = await count.run(tx, leadId);
  return row?.n ?? 0;
}
