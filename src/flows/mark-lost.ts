// The owner lost the deal: an Outcome with the reason, `lostAt`, the assignment ends, and the
// Slack post shows it.
import type { AppContext } from "../context.ts";
import { ValidationError } from "../core/errors.ts";
import { requireMove } from "../core/lifecycle/require-move.ts";
import { loseLead } from "../store/leads/lead-stage.ts";
import { recordFirstResponse } from "../store/leads/record-first-response.ts";
import { recordOutcome } from "../store/outcomes/record-outcome.ts";
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
  return ctx.db.transaction(async (tx) => {
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId, lock: true });
    requireMove({ move: "lose", lead, rules: ctx.rules, actor });
    const text = detail ? `${reason}: ${detail}` : reason;
    const outcome = await recordOutcome(tx, {
      leadId,
      kind: "lost",
      reason: text,
      occurredAt: now,
      by: actor,
      at: now,
    });
    await loseLead(tx, { leadId, reason: text, at: now });
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
