// A manager puts an auto-paused (or manually paused) rep back in rotation; the counters that
// paused them start again from 0, so one more miss does not pause them at once.
import type { AppContext } from "../context.ts";
import { NotFoundError } from "../core/errors.ts";
import { requireManager } from "../core/roles.ts";
import { audit } from "../store/audit/audit.ts";

export async function unpauseRep(opts: {
  ctx: Pick<AppContext, "db" | "rules">;
  repSlackId: string;
  actor: string;
}): Promise<{ repSlackId: string; wasPaused: boolean }> {
  const { ctx, repSlackId, actor } = opts;
  requireManager(ctx.rules, actor);
  return ctx.db.modelTransaction(async (tx) => {
    const rep = await tx.prisma.rep.findUnique({ where: { slackId: repSlackId }, select: { paused: true } });
    if (!rep) throw new NotFoundError("That rep is not in LeadOps.");
    await tx.prisma.rep.update({
      where: { slackId: repSlackId },
      data: { paused: false, pausedReason: null, missedClaims: 0, slaBreaches: 0 },
    });
    await audit(tx, {
      actor,
      action: "rep.unpaused",
      entity: "rep",
      entityId: repSlackId,
      data: { wasPaused: rep.paused },
    });
    return { repSlackId, wasPaused: rep.paused };
  });
}
