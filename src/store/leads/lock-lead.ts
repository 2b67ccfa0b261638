// The lead's row lock, taken in a statement of its own before the reads that depend on it: a read
// in the same statement would see the row as it was before the lock wait (see load-lead-state.ts).
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const lockLeadRow = statement<Pick<Lead, "id">, [string]>(
  "lockLead",
  ["id"],
  `SELECT id FROM "Lead" WHERE id = $1::uuid FOR UPDATE`,
);

/** Locks the lead for the rest of the transaction; false when there is no such lead. */
export async function lockLead(tx: Tx, leadId: string): Promise<boolean> {
  return (await lockLeadRow.run(tx, leadId)).length > 0;
}
