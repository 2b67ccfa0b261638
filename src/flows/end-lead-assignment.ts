// What won, lost and released have in common once the caller has locked and authorized the lead
// and made its own writes: the open assignment ends, the action goes to the audit log, and the
// lead's post is queued for an update that shows the new state. One order for all three, so the
// audit row and the post update always follow the change they report.

import type { GuardedLead } from "../core/roles.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { endOpenAssignments } from "../store/assignments/end-assignments.ts";
import { audit } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";

export async function endLeadAssignment(
  tx: Tx,
  opts: {
    /** The lead as authorizeLeadAction returned it (its post's channel and ts). */
    lead: Pick<GuardedLead, "slackChannel" | "slackTs">;
    /** As the caller was given it (not lead.id), so the audit and the notice name it the same way. */
    leadId: string;
    actor: string;
    now: Date;
    endReason: "won" | "lost" | "released";
    audit: { action: string; data: Prisma.InputJsonObject };
    /** What the post update shows beyond the lead's current state (who released it, why). */
    postUpdate?: Prisma.InputJsonObject;
  },
): Promise<{ endedAssignments: number }> {
  const { lead, leadId, actor, now } = opts;
  const ended = await endOpenAssignments(tx, { leadId, at: now, endReason: opts.endReason });
  await audit(tx, {
    actor,
    action: opts.audit.action,
    entity: "lead",
    entityId: leadId,
    data: opts.audit.data,
  });
  await enqueueNotice(tx, {
    kind: "lead_post_update",
    leadId,
    channel: lead.slackChannel,
    payload: { leadId, channel: lead.slackChannel, ts: lead.slackTs, ...opts.postUpdate },
  });
  return { endedAssignments: ended };
}
