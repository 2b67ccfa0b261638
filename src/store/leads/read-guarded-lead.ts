// The fields an owner action checks and reports (core/roles.ts checkLeadActor), optionally with
// the row locked for the rest of the transaction so two clicks cannot both close the lead.
import type { GuardedLead } from "../../core/roles.ts";
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import { lockLead } from "./lock-lead.ts";

type Row = Pick<Lead, keyof GuardedLead>;

const selectGuardedLead = statement<Row, [string]>(
  "selectGuardedLead",
  [
    "id",
    "name",
    "email",
    "company",
    "stage",
    "ownerSlackId",
    "lostAt",
    "firstResponseAt",
    "slackChannel",
    "slackTs",
  ],
  `SELECT id, name, email, company, stage, "ownerSlackId", "lostAt", "firstResponseAt", "slackChannel", "slackTs"
   FROM "Lead" WHERE id = $1::uuid`,
);

export async function readGuardedLead(
  tx: Tx,
  leadId: string,
  opts: { lock: boolean },
): Promise<GuardedLead | null> {
  // The lock is a statement of its own, before the read: the read then sees the row as the
  // previous holder of the lock left it.
  if (opts.lock) await lockLead(tx, leadId);
  const [lead] = await selectGuardedLead.run(tx, leadId);
  return lead ?? null;
}
