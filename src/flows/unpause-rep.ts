// A manager puts an auto-paused (or manually paused) rep back in rotation; the counters that
// paused them start again from 0, so one more miss does not pause them at once.
import type { AppContext } from "../context.ts";
import { NotFoundError } from "../core/errors.ts";
import { requireManager } from "../core/roles.ts";
import { audit } from "../store/audit/audit.ts";
import { liftRepPause } from "../store/reps/rep-availability.ts";

export async function unpauseRep(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  repSlackId: string;
  actor: string;
}): Promise<{ repSlackId: string; wasPaused: boolean }> {
  const { ctx, repSlackId, actor } = opts;
  requireManager(ctx.rules, actor);
  return ctx.db.transaction(async (tx) => {
    const rep = await liftRepPause(tx, { slackId: repSlackId, at: ctx.now() });
    if (!rep) throw new NotFoundError("That rep is not in LeadOps.");
    await audit(tx, {
      actor,
      action: "rep.unpaused",
      entity: "rep",
      entityId: repSlackId,
      data: { wasPaused: rep.wasPaused },
    });
    return { repSlackId, wasPaused: rep.wasPaused };
  });
}
