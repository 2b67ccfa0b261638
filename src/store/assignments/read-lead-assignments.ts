// What a lead's assignment history says to a manager's action: the route its current assignment
// came by (a reassignment keeps it), the pool a rep received it from (a dispute credits that
// pool), whether a rep was ever given it (only they may dispute it).
import type { Assignment } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const openRoute = statement<Pick<Assignment, "route">, [string]>(
  "selectOpenAssignmentRoute",
  ["route"],
  `SELECT route FROM "Assignment" WHERE "leadId" = $1::uuid AND "endedAt" IS NULL
   ORDER BY "createdAt" DESC LIMIT 1`,
);

/** The route of the lead's newest open assignment; null when none is open or it had no route. */
export async function readOpenAssignmentRoute(tx: Tx, leadId: string): Promise<string | null> {
  const [row] = await openRoute.run(tx, leadId);
  return row?.route ?? null;
}

const receivedPool = statement<Pick<Assignment, "pool">, [string, string]>(
  "selectReceivedPool",
  ["pool"],
  `SELECT pool FROM "Assignment" WHERE "leadId" = $1::uuid AND "repSlackId" = $2 AND pool IS NOT NULL
   ORDER BY "createdAt" DESC LIMIT 1`,
);

/** The pool the rep last received the lead from, if any assignment to them named one. */
export async function readReceivedPool(
  tx: Tx,
  o: { leadId: string; repSlackId: string },
): Promise<string | null> {
  const [row] = await receivedPool.run(tx, o.leadId, o.repSlackId);
  return row?.pool ?? null;
}

const received = statement<Pick<Assignment, "id">, [string, string]>(
  "selectAnyAssignmentToRep",
  ["id"],
  `SELECT id FROM "Assignment" WHERE "leadId" = $1::uuid AND "repSlackId" = $2 LIMIT 1`,
);

export async function wasLeadGivenTo(tx: Tx, o: { leadId: string; repSlackId: string }): Promise<boolean> {
  return (await received.run(tx, o.leadId, o.repSlackId)).length > 0;
}
