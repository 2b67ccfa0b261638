// Leads whose claim window ran out with nobody claiming them, oldest deadline first.
import type { Lead } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const select = statement<Pick<Lead, "id">, [string, number]>(
  "selectExpiredClaims",
  ["id"],
  `SELECT id FROM "Lead"
   WHERE "ownerSlackId" IS NULL AND "claimDeadlineAt" <= $1::timestamp AND "lostAt" IS NULL
     AND "forgottenAt" IS NULL AND stage NOT IN ('customer', 'disqualified', 'nurture')
   ORDER BY "claimDeadlineAt" ASC
   LIMIT $2`,
);

export async function listExpiredClaims(tx: Tx, o: { now: Date; limit: number }): Promise<string[]> {
  return (await select.run(tx, utcTimestamp(o.now), o.limit)).map((r) => r.id);
}
