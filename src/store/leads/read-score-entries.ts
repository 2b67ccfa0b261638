// Every score entry of a lead, oldest first: the lines of its score receipt.
import type { Database } from "../db.ts";

export async function readScoreEntries(opts: { db: Pick<Database, "prisma">; leadId: string }) {
  return opts.db.prisma.scoreEntry.findMany({
    where: { leadId: opts.leadId },
    orderBy: { at: "asc" },
    select: { rule: true, kind: true, points: true, currentPoints: true, at: true },
  });
}
