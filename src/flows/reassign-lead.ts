// A manager gives a lead to a named rep, saying why. The previous assignment ends, the new one
// records the manager and the reason; both reps are told. Manual: the rotation cursor and the
// fairness ledger do not move (a manager's choice is nobody's turn).
import type { AppContext } from "../context.ts";
import { ConflictError, ValidationError } from "../core/errors.ts";
import { requireManager } from "../core/roles.ts";
import { slaTimersFor } from "../core/routing/decide-sla-actions.ts";
import { audit } from "../store/audit/audit.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { authorizeLeadAction } from "./authorize-lead-action.ts";

export async function reassignLead(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  leadId: string;
  toSlackId: string;
  actor: string;
  reason: string;
}): Promise<{ leadId: string; assignmentId: string; previousOwner: string | null }> {
  const { ctx, leadId, toSlackId, actor } = opts;
  requireManager(ctx.rules, actor);
  const reason = opts.reason.trim();
  if (reason.length < 3 || reason.length > 1000)
    throw new ValidationError("Say why (3 to 1000 characters)", [
      { field: "reason", message: "Give a reason of 3 to 1000 characters" },
    ]);
  if (!ctx.rules.reps.some((r) => r.slackId === toSlackId))
    throw new ValidationError("That person is not a rep in leadops.yml.", [
      { field: "toSlackId", message: "not a rep" },
    ]);
  const now = ctx.now();
  return ctx.db.modelTransaction(async (tx) => {
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId, lock: true });
    if (lead.ownerSlackId === toSlackId) throw new ConflictError("That rep already owns this lead.");
    const previous = await tx.prisma.assignment.findFirst({
      where: { leadId, endedAt: null },
      orderBy: { createdAt: "desc" },
      select: { route: true },
    });
    await tx.prisma.assignment.updateMany({
      where: { leadId, endedAt: null },
      data: { endedAt: now, endReason: "reassigned" },
    });
    const route = previous?.route ?? null;
    const timers = slaTimersFor(ctx.rules.sla, route);
    // The SLA restarts for the new owner unless the lead was already answered.
    const answered = (
      await tx.prisma.lead.findUniqueOrThrow({ where: { id: leadId }, select: { firstResponseAt: true } })
    ).firstResponseAt;
    const assignment = await tx.prisma.assignment.create({
      data: {
        leadId,
        repSlackId: toSlackId,
        method: "manual",
        route,
        byUserId: actor,
        reason: { via: "manual", why: reason, by: actor, from: lead.ownerSlackId, to: toSlackId },
        createdAt: now,
        slaDueAt:
          !answered && timers.rerouteMinutes !== null
            ? new Date(now.getTime() + timers.rerouteMinutes * 60_000)
            : null,
      },
      select: { id: true },
    });
    await tx.prisma.lead.update({
      where: { id: leadId },
      data: { ownerSlackId: toSlackId, assignedAt: now, claimedAt: null, claimDeadlineAt: null },
    });
    await audit(tx, {
      actor,
      action: "lead.reassigned",
      entity: "lead",
      entityId: leadId,
      data: { assignmentId: assignment.id, from: lead.ownerSlackId, to: toSlackId, reason },
    });
    await enqueueNotice(tx, {
      kind: "assignment_dm",
      leadId,
      channel: toSlackId,
      payload: { leadId, assignmentId: assignment.id },
      dedupeKey: `dm:assignment:${assignment.id}`,
    });
    if (lead.ownerSlackId) {
      await enqueueNotice(tx, {
        kind: "reroute_dm",
        leadId,
        channel: lead.ownerSlackId,
        payload: { leadId, fromSlackId: lead.ownerSlackId, toSlackId, audience: "previous_owner", reason },
        dedupeKey: `reassign:${assignment.id}`,
      });
    }
    await enqueueNotice(tx, {
      kind: "lead_thread",
      leadId,
      payload: { leadId, topic: "assignment", assignmentId: assignment.id },
      dedupeKey: `thread:assignment:${assignment.id}`,
    });
    if (lead.slackChannel || lead.slackTs) {
      await enqueueNotice(tx, {
        kind: "lead_post_update",
        leadId,
        channel: lead.slackChannel,
        payload: { leadId, channel: lead.slackChannel, ts: lead.slackTs },
      });
    }
    return { leadId, assignmentId: assignment.id, previousOwner: lead.ownerSlackId };
  });
}
