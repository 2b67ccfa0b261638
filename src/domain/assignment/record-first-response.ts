// A rep answered a lead: when within the SLA (the assignment never breached), their consecutive
// SLA-breach count starts again from 0 (routing/should-pause.ts). Call inside the transaction
// that sets Lead.firstResponseAt (record-contact and the other owner actions).
import type { Tx } from "../../db/client.ts";

export async function recordFirstResponse(
  tx: Tx,
  opts: { leadId: string; repSlackId: string },
): Promise<{ withinSla: boolean }> {
  const open = await tx.assignment.findFirst({
    where: { leadId: opts.leadId, repSlackId: opts.repSlackId, endedAt: null },
    orderBy: { createdAt: "desc" },
    select: { breachedAt: true },
  });
  const withinSla = open !== null && open.breachedAt === null;
  if (withinSla) {
    await tx.rep.updateMany({
      where: { slackId: opts.repSlackId, slaBreaches: { gt: 0 } },
      data: { slaBreaches: 0 },
    });
  }
  return { withinSla };
}
