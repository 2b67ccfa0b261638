// Follow-up reminders ran out: the lead goes back to nurture, with its transition and its Outcome,
// in one statement. (Its owner fields are lead-owner.ts's.)
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const recycle = statement<Record<string, never>, [string, string, string]>(
  "recycleLeadToNurture",
  [],
  `WITH lead AS (
     UPDATE "Lead" SET stage = 'nurture', "nurturedAt" = $3::timestamp, "nurtureReason" = $2,
       "updatedAt" = $3::timestamp
     WHERE id = $1::uuid RETURNING id
   ), transition AS (
     INSERT INTO "LeadTransition" (id, "leadId", field, "from", "to", reason, actor, at)
     SELECT gen_random_uuid(), id, 'stage', 'sql', 'nurture', $2, 'system', $3::timestamp FROM lead
   )
   INSERT INTO "Outcome" (id, "leadId", kind, reason, "occurredAt", "createdAt")
   SELECT gen_random_uuid(), id, 'nurture', $2, $3::timestamp, $3::timestamp FROM lead`,
);

/** A sales-qualified lead back to nurture by the follow-up job (`from` is always sql). */
export async function recycleLeadToNurture(
  tx: Tx,
  o: { leadId: string; reason: string; at: Date },
): Promise<void> {
  await recycle.run(tx, o.leadId, o.reason, utcTimestamp(o.at));
}
