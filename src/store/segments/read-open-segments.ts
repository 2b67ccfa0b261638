// The segments a lead is in now (memberships not left), for routing and claims.
import type { SegmentMembership } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const openSegments = statement<Pick<SegmentMembership, "segment">, [string]>(
  "readOpenSegments",
  ["segment"],
  `SELECT segment FROM "SegmentMembership" WHERE "leadId" = $1::uuid AND "leftAt" IS NULL`,
);

export async function readOpenSegments(tx: Tx, leadId: string): Promise<string[]> {
  const rows = await openSegments.run(tx, leadId);
  return rows.map((m) => m.segment);
}
