// The reps routing sees: leadops.yml gives identity, skills and the round-robin order; the Rep
// row gives availability (away, paused) which changes at run time. A rep declared in the file
// but not yet synced (no row) is routed on the file alone.
import type { Rules } from "../../config/rules.ts";
import { type RepAvailability, routingRepOf } from "../../core/routing/routing-rep.ts";
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
  // A rep declared in the file but not yet synced is routed on the file alone, as available.
  return rules.reps.map((rep) => routingRepOf(rep, bySlackId.get(rep.slackId) ?? AVAILABLE));
}

const AVAILABLE: RepAvailability = {
  active: true,
  away: false,
  awayUntil: null,
  paused: false,
  pausedReason: null,
};
