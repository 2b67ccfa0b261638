// The owner gives a lead back: owner cleared, assignment ended, the post updated to say so, and
// the lead re-posted to the hot channel for someone else to claim (a fresh claim window).
import type { AppContext } from "../context.ts";
import { ConflictError } from "../core/errors.ts";
import { decideMove, leadStateOf } from "../core/lifecycle/decide-move.ts";
import { RefusedError } from "../core/roles.ts";
import { countLeadReleases } from "../store/audit/count-lead-releases.ts";
import { releaseLeadOwner } from "../store/leads/lead-owner.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { authorizeLeadAction } from "./authorize-lead-action.ts";
import { endLeadAssignment } from "./end-lead-assignment.ts";

export async function releaseLead(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  leadId: string;
  actor: string;
  reason?: string | null;
}): Promise<{ leadId: string; previousOwner: string }> {
  const { ctx, leadId, actor } = opts;
  const now = ctx.now();
  const reason = opts.reason?.trim() ? opts.reason.trim().slice(0, 500) : null;
  return ctx.db.transaction(async (tx) => {
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId, lock: true });
    if (!lead.ownerSlackId) throw new ConflictError("Nobody owns this lead, so there is nothing to release.");
    const by = lead.ownerSlackId === actor ? "owner" : "manager";
    if (!decideMove({ move: "release", from: leadStateOf(lead), by }).ok) {
      throw new RefusedError("This lead is already closed, so nothing changed.", "closed");
    }
    // A release is not a first response: recording one would flatter speed-to-lead for a lead
    // nobody contacted.
    const claimDeadlineAt = new Date(now.getTime() + ctx.rules.routing.claimWindowMinutes * 60_000);
    await releaseLeadOwner(tx, { leadId, claimDeadlineAt, at: now });
    const { endedAssignments } = await endLeadAssignment(tx, {
      lead,
      leadId,
      actor,
      now,
      endReason: "released",
      audit: { action: "lead.released", data: { previousOwner: lead.ownerSlackId, reason } },
      // The old post is updated to say who released it; the re-post carries the Claim button.
      postUpdate: { releasedBy: actor, reason },
    });
    const releases = await countLeadReleases(tx, leadId);
    await enqueueNotice(tx, {
      kind: "hot_lead_post",
      leadId,
      channel: lead.slackChannel,
      payload: { leadId, repost: true },
      dedupeKey: `hot:${leadId}:release:${releases}:${endedAssignments}`,
    });
    // The re-post is a new thread: it gets its own receipt.
    await enqueueNotice(tx, {
      kind: "score_receipt",
      leadId,
      payload: { leadId },
      dedupeKey: `receipt:${leadId}:release:${releases}:${endedAssignments}`,
    });
    return { leadId, previousOwner: lead.ownerSlackId };
  });
}
