// `/leads away [until DATE]`, `/leads back` and the App Home toggle. Coming back also lifts an
// automatic pause (missed claims), which the refusal text tells reps to do.
import type { AppContext } from "../../context.ts";
import { audit } from "../audit.ts";
import { ValidationError } from "../errors.ts";
import { RefusedError, rolesOf } from "../roles.ts";

export type AvailabilityChange = { state: "away"; until?: Date | null } | { state: "back" };

export interface RepAvailability {
  away: boolean;
  awayUntil: Date | null;
  paused: boolean;
}

export async function setAvailability(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  actor: string;
  change: AvailabilityChange;
}): Promise<RepAvailability> {
  const { ctx, actor, change } = opts;
  if (!rolesOf(ctx.rules, actor).isRep) {
    throw new RefusedError(
      "You are not set up as a rep in LeadOps, so you have no availability to set.",
      "not_rep",
    );
  }
  const now = ctx.now();
  if (change.state === "away" && change.until && change.until.getTime() <= now.getTime()) {
    throw new ValidationError("The date must be in the future", [
      { field: "until", message: "must be in the future" },
    ]);
  }
  const data =
    change.state === "away"
      ? { away: true, awayUntil: change.until ?? null }
      : { away: false, awayUntil: null, paused: false, pausedReason: null, missedClaims: 0 };
  return ctx.db.prisma.$transaction(async (tx) => {
    const rep = await tx.rep.update({
      where: { slackId: actor },
      data,
      select: { away: true, awayUntil: true, paused: true },
    });
    await audit(tx, {
      actor,
      action: change.state === "away" ? "rep.away" : "rep.back",
      entity: "rep",
      entityId: actor,
      data: change.state === "away" ? { until: change.until?.toISOString() ?? null } : {},
    });
    return rep;
  });
}
