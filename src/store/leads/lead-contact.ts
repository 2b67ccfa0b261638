// The owner reached the lead: "contactedAt" is set once; a second click changes nothing.
import type { Lead } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const read = statement<Pick<Lead, "contactedAt">, [string]>(
  "readContactedAt",
  ["contactedAt"],
  `SELECT "contactedAt" FROM "Lead" WHERE id = $1::uuid`,
);

const mark = statement<Record<string, never>, [string, string]>(
  "markLeadContacted",
  [],
  `UPDATE "Lead" SET "contactedAt" = $2::timestamp, "lastActivityAt" = $2::timestamp,
     "updatedAt" = $2::timestamp
   WHERE id = $1::uuid`,
);

export async function readContactedAt(tx: Tx, leadId: string): Promise<Date | null> {
  const [row] = await read.run(tx, leadId);
  if (!row) throw new Error(`lead ${leadId} does not exist`);
  return row.contactedAt;
}

export async function markLeadContacted(tx: Tx, o: { leadId: string; at: Date }): Promise<void> {
  await mark.run(tx, o.leadId, utcTimestamp(o.at));
}
