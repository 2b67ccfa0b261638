// Whether a move is allowed from a lead's current state by whoever asks, and where it ends.
import type { Stage } from "../scoring/types.ts";
import { type LeadState, MOVES, type Move, type MoveName, type Ownership, type Trigger } from "./moves.ts";

export type MoveDecision =
  | { ok: true; move: Move; to: LeadState }
  | { ok: false; move: Move; reason: string };

const byName = new Map<MoveName, Move>(MOVES.map((m) => [m.name, m]));

export function moveNamed(name: MoveName): Move {
  const move = byName.get(name);
  if (!move) throw new Error(`unknown lifecycle move ${name}`);
  return move;
}

/**
 * The lifecycle state of a stored lead: its stage, and who owns it (a lost lead is closed; a
 * lead with a claim deadline and no owner is offered).
 */
export function leadStateOf(lead: {
  stage: string;
  ownerSlackId: string | null;
  lostAt: Date | null;
  claimDeadlineAt?: Date | null;
}): LeadState {
  const ownership: Ownership =
    lead.lostAt !== null
      ? "closed"
      : lead.ownerSlackId
        ? "owned"
        : lead.claimDeadlineAt
          ? "offered"
          : "unowned";
  return { stage: lead.stage as Stage, ownership };
}

export function decideMove(opts: { move: MoveName; from: LeadState; by: Trigger }): MoveDecision {
  const move = moveNamed(opts.move);
  const { from, by } = opts;
  if (!move.by.includes(by)) {
    return { ok: false, move, reason: `${move.name} is not for ${by} (only ${move.by.join(", ")})` };
  }
  if (!move.from.stages.includes(from.stage)) {
    return { ok: false, move, reason: `${move.name} does not apply to a lead at stage ${from.stage}` };
  }
  if (!move.from.ownerships.includes(from.ownership)) {
    return { ok: false, move, reason: `${move.name} does not apply to a lead that is ${from.ownership}` };
  }
  return {
    ok: true,
    move,
    to: {
      stage: move.to.stage === "same" ? from.stage : move.to.stage,
      ownership: move.to.ownership === "same" ? from.ownership : move.to.ownership,
    },
  };
}
