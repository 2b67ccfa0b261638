// The owner won the deal: an Outcome with the amount, the lead becomes a customer, the
// assignment ends, and the Slack post shows the win. A customer that buys again (move
// `buy-again`) gets another won Outcome: the report's purchases per customer, and so customer
// lifetime value, count every one.
import { randomUUID } from "node:crypto";
import type { AppContext } from "../context.ts";
import { ConflictError, ValidationError } from "../core/errors.ts";
import { requireMove } from "../core/lifecycle/require-move.ts";
import type { GuardedLead } from "../core/roles.ts";
import { winLeadStage } from "../store/leads/lead-stage.ts";
import { recordTransitions } from "../store/leads/lead-transitions.ts";
import { readLeadCreatedAt } from "../store/leads/read-lead-created-at.ts";
import { recordFirstResponse } from "../store/leads/record-first-response.ts";
import { recordOutcome } from "../store/outcomes/record-outcome.ts";
import { authorizeLeadAction } from "./authorize-lead-action.ts";
import { endLeadAssignment } from "./end-lead-assignment.ts";

export interface WonInput {
  amount: number;
  currency: string;
  /** When the deal closed (prepareWon reads the modal's day: today is now, else the day's end). */
  closedAt: Date;
}

export interface WonProblem {
  field: "amount" | "currency" | "closedAt";
  message: string;
}

/** Field-level problems of a Won submission (empty when valid); the modal shows them inline. */
export function validateWon(input: { amount: number; currency: string; closedAt: Date }, now: Date) {
  const errors: WonProblem[] = [];
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

/**
 * Before the Won modal opens: the actor may win this lead, or record another purchase of a
 * customer, so a refused user is told at once rather than after filling the form in.
 */
export async function checkWon(opts: {
  ctx: Pick<AppContext, "db" | "rules">;
  actor: string;
  leadId: string;
}): Promise<GuardedLead> {
  const { ctx, actor, leadId } = opts;
  return ctx.db.transaction(async (tx) => {
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId, allowClosed: true });
    requireMove({ move: winMoveOf(lead), lead, rules: ctx.rules, actor });
    return lead;
  });
}

/** A customer buys again; any other lead is won. */
function winMoveOf(lead: Pick<GuardedLead, "stage" | "lostAt">): "win" | "buy-again" {
  return lead.stage === "customer" && lead.lostAt === null ? "buy-again" : "win";
}

export async function markWon(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  leadId: string;
  actor: string;
  input: WonInput;
  /**
   * The move the user meant when the form opened: two people submitting Won on one lead must not
   * record a first win and a second purchase. A different move now is refused.
   */
  expect?: "win" | "buy-again";
}): Promise<{ leadId: string; outcomeId: string; move: "win" | "buy-again" }> {
  const { ctx, leadId, actor, input } = opts;
  const now = ctx.now();
  const errors = validateWon(input, now);
  if (errors.length > 0) throw new ValidationError("The deal details are not valid", errors);
  return ctx.db.transaction(async (tx) => {
    // A customer is closed for every other owner action, but may buy again.
    const lead = await authorizeLeadAction({
      tx,
      rules: ctx.rules,
      actor,
      leadId,
      lock: true,
      allowClosed: true,
    });
    const move = winMoveOf(lead);
    requireMove({ move, lead, rules: ctx.rules, actor });
    // A deal cannot close before its lead existed: that is how negative sales cycles were made.
    const createdAt = await readLeadCreatedAt(tx, leadId);
    if (createdAt && input.closedAt.getTime() < createdAt.getTime()) {
      throw new ValidationError("The deal details are not valid", [
        { field: "closedAt", message: "The close date cannot be before the lead was created" },
      ]);
    }
    if (opts.expect && opts.expect !== move) {
      throw new ConflictError(
        move === "buy-again"
          ? "This lead was marked won meanwhile, so nothing changed; use Won again for another purchase."
          : "This lead is no longer a customer, so nothing changed.",
      );
    }
    const outcome = await recordOutcome(tx, {
      leadId,
      kind: "won",
      amount: input.amount,
      currency: input.currency,
      occurredAt: input.closedAt,
      by: actor,
      at: now,
    });
    await winLeadStage(tx, { leadId, closedAt: input.closedAt, at: now });
    // First response only when the owner acts (not a manager): recordFirstResponse decides.
    await recordFirstResponse(tx, { lead, actor, now });
    if (move === "win") {
      await recordTransitions(tx, {
        rows: [{ id: randomUUID(), leadId, field: "stage", from: lead.stage, to: "customer", reason: "won" }],
        actor,
        at: now,
      });
    }
    await endLeadAssignment(tx, {
      lead,
      leadId,
      actor,
      now,
      endReason: "won",
      audit: {
        action: move === "win" ? "lead.won" : "lead.bought_again",
        data: { outcomeId: outcome.id, amount: input.amount, currency: input.currency },
      },
    });
    return { leadId, outcomeId: outcome.id, move };
  });
}
