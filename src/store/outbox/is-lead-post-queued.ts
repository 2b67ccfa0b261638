// Whether the lead's hot post is still in the outbox (pending or being sent): its thread replies
// and in-place updates wait for it rather than give up.
import type { Database } from "../db.ts";

export async function isLeadPostQueued(opts: {
  db: Pick<Database, "prisma">;
  leadId: string;
}): Promise<boolean> {
  const n = await opts.db.prisma.outboxMessage.count({
    where: { kind: "hot_lead_post", leadId: opts.leadId, status: { in: ["pending", "sending"] } },
  });
  return n > 0;
}
