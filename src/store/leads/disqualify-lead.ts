// A manager approved a junk dispute: the lead's stage becomes disqualified, with its transition
// and its Outcome, in one statement. (Its owner fields are lead-owner.ts's.)
import type { Lead } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const disqualify = statement<Record<string, never>, [string, string, string | null, string, string]>(
  "disqualifyLead",
  [],
  `WITH lead AS (
     UPDATE "Lead" SET stage = 'disqualified', "updatedAt" = $4::timestamp WHERE id = $1::uuid RETURNING id
   ), transition AS (
     INSERT INTO "LeadTransition" (id, "leadId", field, "from", "to", reason, actor, at)
     SELECT gen_random_uuid(), id, 'stage', $2, 'disqualified', $3, $5, $4::timestamp FROM lead
   )
   INSERT INTO "Outcome" (id, "leadId", kind, reason, "occurredAt", "byUserId", "createdAt")
   SELECT gen_random_uuid(), id, 'disqualified', $3, $4::timestamp, $5, $4::timestamp FROM lead`,
);

export async function disqualifyLead(
  tx: Tx,
  o: { leadId: string; from: Lead["stage"]; reason: string | null; actor: string; at: Date },
): Promise<void> {
  await disqualify.run(tx, o.leadId, o.from, o.reason, utcTimestamp(o.at), o.actor);
}
