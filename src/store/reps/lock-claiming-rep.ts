// The claiming rep's row, locked: one rep's claims are serialised on it so two quick claims cannot
// both pass the capacity check.
import type { RoutingRep } from "../../core/routing/types.ts";
import type { Rep } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

type Row = Pick<
  Rep,
  | "slackId"
  | "name"
  | "weight"
  | "capacity"
  | "industries"
  | "regions"
  | "seniority"
  | "timezone"
  | "workingHours"
  | "active"
  | "away"
  | "awayUntil"
  | "paused"
  | "pausedReason"
>;

const lock = statement<Row, [string]>(
  "lockClaimingRep",
  [
    "slackId",
    "name",
    "weight",
    "capacity",
    "industries",
    "regions",
    "seniority",
    "timezone",
    "workingHours",
    "active",
    "away",
    "awayUntil",
    "paused",
    "pausedReason",
  ],
  `SELECT "slackId", name, weight, capacity, industries, regions, seniority, timezone, "workingHours",
     active, away, "awayUntil", paused, "pausedReason"
   FROM "Rep" WHERE "slackId" = $1 FOR UPDATE`,
);

/** The rep as routing sees them, locked for the rest of the transaction; null when not synced. */
export async function lockClaimingRep(tx: Tx, slackId: string): Promise<RoutingRep | null> {
  const [rep] = await lock.run(tx, slackId);
  if (!rep) return null;
  return { ...rep, workingHours: (rep.workingHours ?? null) as RoutingRep["workingHours"] };
}
