// The owner reached the lead: records the first response (speed-to-lead) and the contact, and
// updates the lead's Slack post in place.
import type { AppContext } from "../context.ts";
import { audit } from "../store/audit/audit.ts";
import { markLeadContacted, readContactedAt } from "../store/leads/lead-contact.ts";
import { recordFirstResponse } from "../store/leads/record-first-response.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { authorizeLeadAction } from "./authorize-lead-action.ts";

export interface ContactResult {
  leadId: string;
  contactedAt: Date;
  /** False when the lead had already been marked contacted (the click changes nothing). */
  changed: boolean;
}

export async function recordContact(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  leadId: string;
  actor: string;
}): Promise<ContactResult> {
  const { ctx, leadId, actor } = opts;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId, lock: true });
    const contactedAt = await readContactedAt(tx, leadId);
    if (contactedAt) return { leadId, contactedAt, changed: false };
    await markLeadContacted(tx, { leadId, at: now });
    // First response only when the owner acts (not a manager): recordFirstResponse decides.
    await recordFirstResponse(tx, { lead, actor, now });
    await audit(tx, { actor, action: "lead.contacted", entity: "lead", entityId: leadId });
    await enqueueNotice(tx, {
      kind: "lead_post_update",
      leadId,
      channel: lead.slackChannel,
      payload: { leadId, channel: lead.slackChannel, ts: lead.slackTs },
    });
    return { leadId, contactedAt: now, changed: true };
  });
}
