// The owner lost the deal: an Outcome with the reason, `lostAt`, the assignment ends, and the
// Slack post shows it.
import type { AppContext } from "../context.ts";
import { ValidationError } from "../core/errors.ts";
import { recordFirstResponse } from "../store/leads/record-first-response.ts";
import { authorizeLeadAction } from "./authorize-lead-action.ts";
import { endLeadAssignment } from "./end-lead-assignment.ts";

export async function markLost(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  leadId: string;
  actor: string;
  reason: string;
  detail?: string | null;
}): Promise<{ leadId: string; outcomeId: string }> {
  const { ctx, leadId, actor } = opts;
  const reason = opts.reason.trim();
  if (reason === "" || reason.length > 150)
    throw new ValidationError("Choose a reason", [{ field: "reason", message: "Choose a reason" }]);
  const detail = opts.detail?.trim() ? opts.detail.trim().slice(0, 3000) : null;
  const now = ctx.now();
  return ctx.db.modelTransaction(async (tx) => {
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId, lock: true });
    const text = detail ? `${reason}: ${detail}` : reason;
    const outcome = await tx.prisma.outcome.create({
      data: { leadId, kind: "lost", reason: text, occurredAt: now, byUserId: actor },
      select: { id: true },
    });
    await tx.prisma.lead.update({
      where: { id: leadId },
      data: {
        lostAt: now,
        lostReason: text,
        lastActivityAt: now,
      },
    });
    // First response only when the owner acts (not a manager): recordFirstResponse decides.
    await recordFirstResponse(tx, { lead, actor, now });
    await endLeadAssignment(tx, {
      lead,
      leadId,
      actor,
      now,
      endReason: "lost",
      audit: { action: "lead.lost", data: { outcomeId: outcome.id, reason } },
    });
    return { leadId, outcomeId: outcome.id };
  });
}
