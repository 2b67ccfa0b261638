// The reps routing sees: leadops.yml gives identity, skills and the round-robin order; the Rep
// row gives availability (away, paused) which changes at run time. A rep declared in the file
// but not yet synced (no row) is routed on the file alone.
import type { Rules } from "../../config/rules.ts";
import type { RoutingRep } from "../../core/routing/types.ts";
import type { Tx } from "../db.ts";

export async function loadRoutingReps(opts: { tx: Tx; rules: Pick<Rules, "reps"> }): Promise<RoutingRep[]> {
  const { tx, rules } = opts;
  if (rules.reps.length === 0) return [];
  const rows = await tx.sql.query<{
    slackId: string;
    active: boolean;
    away: boolean;
    awayUntil: Date | null;
    paused: boolean;
    pausedReason: string | null;
    capacity: number | null;
  }>(
    `SELECT "slackId", active, away, "awayUntil", paused, "pausedReason", capacity FROM "Rep"
     WHERE "slackId" = ANY($1::text[])`,
    [rules.reps.map((r) => r.slackId)],
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
