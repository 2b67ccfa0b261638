// The owner won the deal: an Outcome with the amount, the lead becomes a customer, the
// assignment ends, and the Slack post shows the win.
import type { AppContext } from "../context.ts";
import { ValidationError } from "../core/errors.ts";
import { recordFirstResponse } from "../store/leads/record-first-response.ts";
import { authorizeLeadAction } from "./authorize-lead-action.ts";
import { endLeadAssignment } from "./end-lead-assignment.ts";

export interface WonInput {
  amount: number;
  currency: string;
  /** The close date. */
  closedAt: Date;
}

/** Field-level problems of a Won submission (empty when valid); the modal shows them inline. */
export function validateWon(input: { amount: number; currency: string; closedAt: Date }, now: Date) {
  const errors: { field: "amount" | "currency" | "closedAt"; message: string }[] = [];
  if (!Number.isFinite(input.amount) || input.amount < 0) {
    errors.push({ field: "amount", message: "Enter an amount of 0 or more" });
  } else if (input.amount >= 1e12) {
    errors.push({ field: "amount", message: "That amount is too large" });
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) errors.push({ field: "currency", message: "Choose a currency" });
  if (Number.isNaN(input.closedAt.getTime())) {
    errors.push({ field: "closedAt", message: "Choose the close date" });
  } else if (input.closedAt.getTime() > now.getTime() + 36 * 3600_000) {
    errors.push({ field: "closedAt", message: "The close date cannot be in the future" });
  }
  return errors;
}

export async function markWon(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  leadId: string;
  actor: string;
  input: WonInput;
}): Promise<{ leadId: string; outcomeId: string }> {
  const { ctx, leadId, actor, input } = opts;
  const now = ctx.now();
  const errors = validateWon(input, now);
  if (errors.length > 0) throw new ValidationError("The deal details are not valid", errors);
  return ctx.db.modelTransaction(async (tx) => {
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId, lock: true });
    const outcome = await tx.prisma.outcome.create({
      data: {
        leadId,
        kind: "won",
        amount: input.amount,
        currency: input.currency,
        occurredAt: input.closedAt,
        byUserId: actor,
      },
      select: { id: true },
    });
    await tx.prisma.lead.update({
      where: { id: leadId },
      data: {
        stage: "customer",
        convertedAt: input.closedAt,
        lastActivityAt: now,
      },
    });
    // First response only when the owner acts (not a manager): recordFirstResponse decides.
    await recordFirstResponse(tx, { lead, actor, now });
    await tx.prisma.leadTransition.create({
      data: { leadId, field: "stage", from: lead.stage, to: "customer", reason: "won", actor, at: now },
    });
    await endLeadAssignment(tx, {
      lead,
      leadId,
      actor,
      now,
      endReason: "won",
      audit: {
        action: "lead.won",
        data: { outcomeId: outcome.id, amount: input.amount, currency: input.currency },
      },
    });
    return { leadId, outcomeId: outcome.id };
  });
}
