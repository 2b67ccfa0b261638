// The fields an owner action checks and reports (roles.ts checkLeadActor), optionally with the
// row locked for the rest of the transaction so two clicks cannot both close the lead.
import type { GuardedLead } from "../../core/roles.ts";
import type { Tx } from "../db.ts";

export async function readGuardedLead(
  tx: Tx,
  leadId: string,
  opts: { lock: boolean },
): Promise<GuardedLead | null> {
  // The lock is a statement of its own, before the read (as in load-lead-state.ts): the read then
  // sees the row as the previous holder of the lock left it.
  if (opts.lock) await tx.sql.query(`SELECT 1 FROM "Lead" WHERE id = $1::uuid FOR UPDATE`, [leadId]);
  const [lead] = await tx.sql.query<GuardedLead>(
    `SELECT id, name, email, company, stage, "ownerSlackId", "lostAt", "firstResponseAt", "slackChannel", "slackTs"
     FROM "Lead" WHERE id = $1::uuid`,
    [leadId],
  );
  return lead ?? null;
}
