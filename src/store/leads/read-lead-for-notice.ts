// The lead as a Slack notice shows it NOW (a notice carries only ids, so several notices in a row
// all show the latest state): the lead's own fields (route matching reads any of them), its top
// score entries, current segments, and the latest assignments, outcomes and qualification.
import type { Database } from "../db.ts";

export async function readLeadForNotice(opts: { db: Pick<Database, "prisma">; leadId: string }) {
  return opts.db.prisma.lead.findUnique({
    where: { id: opts.leadId },
    include: {
      scoreEntries: { orderBy: { currentPoints: "desc" }, take: 20 },
      memberships: { where: { leftAt: null }, select: { segment: true } },
      assignments: { orderBy: { createdAt: "desc" }, take: 5 },
      outcomes: { orderBy: { createdAt: "desc" }, take: 3 },
      qualifications: { orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
}

/** A lead as readLeadForNotice returns it (forgotten leads included: callers skip them). */
export type LeadForNotice = NonNullable<Awaited<ReturnType<typeof readLeadForNotice>>>;
