// Open leads per rep, for capacity and least-loaded. "Open" is the same definition claim-lead
// uses for its capacity check: owned, not won, disqualified or back in nurture, not lost.
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const count = statement<{ rep: string; n: number }, [string[]]>(
  "countOpenLeads",
  ["rep", "n"],
  `SELECT "ownerSlackId" AS rep, count(*)::int AS n FROM "Lead"
   WHERE "ownerSlackId" = ANY($1::text[])
     AND stage NOT IN ('customer', 'disqualified', 'nurture') AND "lostAt" IS NULL
   GROUP BY "ownerSlackId"`,
);

export async function countOpenLeads(opts: {
  tx: Tx;
  repSlackIds: string[];
}): Promise<Record<string, number>> {
  if (opts.repSlackIds.length === 0) return {};
  const counts: Record<string, number> = {};
  for (const row of await count.run(opts.tx, opts.repSlackIds)) counts[row.rep] = row.n;
  return counts;
}
