// The lead's history: one LeadTransition row per stage or grade change, with why and by whom.
// Threshold crossings write many in one statement (a batch refresh); a person's move writes one.
import type { LeadTransition } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type TransitionRow = Pick<LeadTransition, "id" | "leadId" | "field" | "from" | "to" | "reason">;

const insert = statement<Record<string, never>, [string, string, ...string[][]]>(
  "recordTransitions",
  [],
  `INSERT INTO "LeadTransition" (id, "leadId", field, "from", "to", reason, actor, at)
   SELECT t.id, t.lead, t.field, t.old, t.new, t.reason, $1, $2::timestamp
   FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[])
     AS t(id, lead, field, old, new, reason)`,
);

/** Rows with their ids made by the caller, so a notice can name its transition (a dedupe key). */
export async function recordTransitions(
  tx: Tx,
  o: { rows: TransitionRow[]; actor: string; at: Date },
): Promise<void> {
  const { rows } = o;
  if (rows.length === 0) return;
  const col = (f: (r: TransitionRow) => string | null) => rows.map(f) as string[];
  await insert.run(
    tx,
    o.actor,
    utcTimestamp(o.at),
    col((r) => r.id),
    col((r) => r.leadId),
    col((r) => r.field),
    col((r) => r.from),
    col((r) => r.to),
    col((r) => r.reason),
  );
}
