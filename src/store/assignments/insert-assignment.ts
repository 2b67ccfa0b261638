// One Assignment row: whom the lead went to, how, and the whole decision that chose them.
import type { Assignment } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export interface NewAssignment {
  leadId: string;
  repSlackId: string | null;
  method: string;
  route: string | null;
  rule: string | null;
  pool: string | null;
  /** The whole routing decision, shown in the lead's thread and the API. */
  reason: unknown;
  /** Who made it by hand (a claim, a manager's reassign); null for routing. */
  byUserId?: string | null;
  createdAt: Date;
  slaDueAt: Date | null;
}

const insert = statement<Pick<Assignment, "id">>(
  "insertAssignment",
  ["id"],
  `INSERT INTO "Assignment" (id, "leadId", "repSlackId", method, route, rule, pool, reason, "createdAt", "slaDueAt", "byUserId")
   VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, $5, $6, $7::jsonb, $8::timestamp, $9::timestamp, $10)
   RETURNING id`,
);

export async function insertAssignment(tx: Tx, a: NewAssignment): Promise<{ id: string }> {
  const [row] = await insert.run(
    tx,
    a.leadId,
    a.repSlackId,
    a.method,
    a.route,
    a.rule,
    a.pool,
    JSON.stringify(a.reason),
    utcTimestamp(a.createdAt),
    a.slaDueAt ? utcTimestamp(a.slaDueAt) : null,
    a.byUserId ?? null,
  );
  if (!row) throw new Error("assignment insert returned no row");
  return row;
}
