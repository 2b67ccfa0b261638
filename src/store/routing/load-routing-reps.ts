// The reps routing sees: leadops.yml gives identity, skills and the round-robin order; the Rep
// row gives availability (away, paused) which changes at run time. A rep declared in the file
// but not yet synced (no row) is routed on the file alone.
import type { Rules } from "../../config/rules.ts";
import type { RoutingRep } from "../../core/routing/types.ts";
import type { Rep } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const selectAvailability = statement<
  Pick<Rep, "slackId" | "active" | "away" | "awayUntil" | "paused" | "pausedReason">,
  [string[]]
>(
  "selectRoutingRepAvailability",
  ["slackId", "active", "away", "awayUntil", "paused", "pausedReason"],
  `SELECT "slackId", active, away, "awayUntil", paused, "pausedReason" FROM "Rep"
   WHERE "slackId" = ANY($1::text[])`,
);

export async function loadRoutingReps(opts: { tx: Tx; rules: Pick<Rules, "reps"> }): Promise<RoutingRep[]> {
  const { tx, rules } = opts;
  if (rules.reps.length === 0) return [];
  const rows = await selectAvailability.run(
    tx,
    rules.reps.map((r) => r.slackId),
  );
  const bySlackId = new Map(rows.map((r) => [r.slackId, r]));
  return rules.reps.map((rep) => {
    const row = bySlackId.get(rep.slackId);
    return {
      slackId: rep.slackId,
      name: rep.name,
      weight: rep.weight,
      capacity: rep.capacity ?? null,
      industries: rep.industries,
      regions: rep.regions,
      seniority: rep.seniority ?? null,
      timezone: rep.timezone ?? null,
      workingHours: rep.workingHours ?? null,
      active: row?.active ?? true,
      away: row?.away ?? false,
      awayUntil: row?.awayUntil ?? null,
      paused: row?.paused ?? false,
      pausedReason: row?.pausedReason ?? null,
    };
  });
}
