// When a lead was created: the Won modal refuses a close date before it.
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const select = statement<Pick<Lead, "createdAt">, [string]>(
  "selectLeadCreatedAt",
  ["createdAt"],
  `SELECT "createdAt" FROM "Lead" WHERE id = $1::uuid`,
);

/** Null when the lead does not exist. */
export async function readLeadCreatedAt(tx: Tx, leadId: string): Promise<Date | null> {
  const [row] = await select.run(tx, leadId);
  return row ? row.createdAt : null;
}
