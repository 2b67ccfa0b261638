// Missed claims and SLA breaches count up on the Rep row; at the configured count the rep is
// paused (routing skips paused reps) until a manager unpauses them, and the managers' channel is
// told (rep_paused). See routing/should-pause.ts.
import type { Rules } from "../../config/rules.ts";
import { shouldPause } from "../../core/routing/should-pause.ts";
import type { Rep } from "../../generated/prisma/client.ts";
import { audit, utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { enqueueNotice } from "../outbox/enqueue-notice.ts";
import { statement } from "../statement.ts";

type Counters = Pick<Rep, "paused" | "missedClaims" | "slaBreaches">;
const COUNTERS = ["paused", "missedClaims", "slaBreaches"] as const;

const bump = {
  missedClaims: statement<Counters, [string, string]>(
    "bumpMissedClaims",
    COUNTERS,
    `UPDATE "Rep" SET "missedClaims" = "missedClaims" + 1, "updatedAt" = $2::timestamp WHERE "slackId" = $1
     RETURNING paused, "missedClaims", "slaBreaches"`,
  ),
  slaBreaches: statement<Counters, [string, string]>(
    "bumpSlaBreaches",
    COUNTERS,
    `UPDATE "Rep" SET "slaBreaches" = "slaBreaches" + 1, "updatedAt" = $2::timestamp WHERE "slackId" = $1
     RETURNING paused, "missedClaims", "slaBreaches"`,
  ),
};

const pause = statement<Record<string, never>, [string, string, string]>(
  "pauseRep",
  [],
  `UPDATE "Rep" SET paused = true, "pausedReason" = $2, "updatedAt" = $3::timestamp WHERE "slackId" = $1`,
);

export async function bumpRepCounters(opts: {
  tx: Tx;
  rules: Pick<Rules, "routing">;
  repSlackIds: string[];
  counter: "missedClaims" | "slaBreaches";
  actor: string;
  at: Date;
}): Promise<{ paused: string[] }> {
  const { tx, rules, counter, actor } = opts;
  const at = utcTimestamp(opts.at);
  const paused: string[] = [];
  // Sorted: the Rep rows are locked in one order by every transaction that bumps several.
  for (const slackId of [...new Set(opts.repSlackIds)].sort()) {
    // A rep in leadops.yml but not synced yet has no row and no counters.
    const [rep] = await bump[counter].run(tx, slackId, at);
    if (!rep) continue;
    const decision = shouldPause({ rep, config: rules.routing.autoPause });
    if (!decision.pause) continue;
    await pause.run(tx, slackId, decision.reason, at);
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
