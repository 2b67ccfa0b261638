// A person's move (nurture, win, buy-again, lose, reopen): who the actor is for the lifecycle
// table (a manager, the lead's owner, or any rep) and whether the table allows the move from the
// lead's state. A refusal is a typed error whose message is safe to show.
import type { Rules } from "../../config/rules.ts";
import { ConflictError } from "../errors.ts";
import { isClosed, RefusedError, rolesOf } from "../roles.ts";
import { decideMove, leadStateOf } from "./decide-move.ts";
import type { LeadState, Move, MoveName, Trigger } from "./moves.ts";

export function triggerOf(
  rules: Pick<Rules, "roles" | "reps">,
  actor: string,
  lead: { ownerSlackId: string | null },
): Trigger {
  if (rolesOf(rules, actor).isManager) return "manager";
  return lead.ownerSlackId !== null && lead.ownerSlackId === actor ? "owner" : "rep";
}

export function requireMove(opts: {
  move: MoveName;
  lead: Parameters<typeof leadStateOf>[0];
  rules: Pick<Rules, "roles" | "reps">;
  actor: string;
}): { move: Move; from: LeadState; to: LeadState; by: Trigger } {
  const from = leadStateOf(opts.lead);
  const by = triggerOf(opts.rules, opts.actor, opts.lead);
  const decision = decideMove({ move: opts.move, from, by });
  if (decision.ok) return { move: decision.move, from, to: decision.to, by };
  if (!decision.move.by.includes(by)) {
    if (decision.move.by.includes("owner")) {
      throw new RefusedError("Only the owner or a manager can do that.", "not_owner", {
        ownerSlackId: opts.lead.ownerSlackId,
      });
    }
    throw new RefusedError("Only managers can do that.", "not_manager");
  }
  if (isClosed(opts.lead)) {
    throw new RefusedError("This lead is already closed, so nothing changed.", "closed", {
      ownerSlackId: opts.lead.ownerSlackId,
    });
  }
  const state = from.ownership === "closed" ? `lost (stage ${from.stage})` : `at stage ${from.stage}`;
  throw new ConflictError(`Nothing changed: ${opts.move} does not apply to a lead that is ${state}.`);
}
