// Missed claims and SLA breaches count up on the Rep row; at the configured count the rep is
// paused (routing skips paused reps) until a manager unpauses them, and the managers' channel is
// told (rep_paused). See routing/should-pause.ts.
import type { Rules } from "../../config/rules.ts";
import { shouldPause } from "../../core/routing/should-pause.ts";
import { audit } from "../audit/audit.ts";
import type { ModelTx } from "../db.ts";
import { enqueueNotice } from "../outbox/enqueue-notice.ts";

export async function bumpRepCounters(opts: {
  tx: ModelTx;
  rules: Pick<Rules, "routing">;
  repSlackIds: string[];
  counter: "missedClaims" | "slaBreaches";
  actor: string;
}): Promise<{ paused: string[] }> {
  const { tx, rules, counter, actor } = opts;
  const paused: string[] = [];
  // Sorted: the Rep rows are locked in one order by every transaction that bumps several.
  for (const slackId of [...new Set(opts.repSlackIds)].sort()) {
    const rep = await tx.prisma.rep.update({
      where: { slackId },
      data: { [counter]: { increment: 1 } },
      select: { paused: true, missedClaims: true, slaBreaches: true },
    });
    const decision = shouldPause({ rep, config: rules.routing.autoPause });
    if (!decision.pause) continue;
    await tx.prisma.rep.update({ where: { slackId }, data: { paused: true, pausedReason: decision.reason } });
    await audit(tx, {
      actor,
      action: "rep.auto_paused",
      entity: "rep",
      entityId: slackId,
      data: { trigger: decision.trigger, count: decision.count, reason: decision.reason },
    });
    // Managers hear of it at once: only they can unpause (`/leads unpause <@rep>`).
    await enqueueNotice(tx, {
      kind: "rep_paused",
      payload: {
        repSlackId: slackId,
        trigger: decision.trigger,
        count: decision.count,
        reason: decision.reason,
      },
    });
    paused.push(slackId);
  }
  return { paused };
}
