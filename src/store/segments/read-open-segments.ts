// The segments a lead is in now (memberships not left), for routing and claims.
import type { Tx } from "../db.ts";

export async function readOpenSegments(tx: Tx, leadId: string): Promise<string[]> {
  const rows = await tx.sql.query<{ segment: string }>(
    `SELECT segment FROM "SegmentMembership" WHERE "leadId" = $1::uuid AND "leftAt" IS NULL`,
    [leadId],
  );
  return rows.map((m) => m.segment);
}
