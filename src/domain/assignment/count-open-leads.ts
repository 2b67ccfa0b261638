// Open leads per rep, for capacity and least-loaded. "Open" is the same definition claim-lead
// uses for its capacity check: owned, not won, disqualified or back in nurture, not lost.
import type { Tx } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";

export async function countOpenLeads(opts: {
  tx: Tx;
  repSlackIds: string[];
}): Promise<Record<string, number>> {
  if (opts.repSlackIds.length === 0) return {};
  const rows = await opts.tx.$queryRaw<{ rep: string; n: number }[]>`
    SELECT "ownerSlackId" AS rep, count(*)::int AS n FROM "Lead"
    WHERE "ownerSlackId" IN (${Prisma.join(opts.repSlackIds)})
      AND stage NOT IN ('customer', 'disqualified', 'nurture') AND "lostAt" IS NULL
    GROUP BY "ownerSlackId"`;
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.rep] = row.n;
  return counts;
}
