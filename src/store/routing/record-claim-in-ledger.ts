// A claim is an assignment too: it counts in the claimer's fairness-ledger row of the pool
// checkClaim named, so reports see the real share. The rotation cursor does not move (a claim
// is not anyone's turn). The claimer also stops counting as missing claims.
// Call inside claim-lead's transaction, after the conditional update won the race.

import { recordAssignment } from "../../core/routing/fairness.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import { lockRoutingState, saveRoutingState } from "./lock-routing-state.ts";

const resetMissedClaims = statement<Record<string, never>, [string, string]>(
  "resetMissedClaims",
  [],
  `UPDATE "Rep" SET "missedClaims" = 0, "updatedAt" = $2::timestamp WHERE "slackId" = $1 AND "missedClaims" > 0`,
);

export async function recordClaimInLedger(
  tx: Tx,
  opts: { pool: string; repSlackId: string; now: Date },
): Promise<void> {
  const { pool, repSlackId, now } = opts;
  // The pool's cursor lock first, as every ledger writer does (see lock-routing-state.ts).
  const state = await lockRoutingState({ tx, pools: [pool], repSlackIds: [], now });
  const entry = recordAssignment({ entry: state.ledger[pool]?.[repSlackId], at: now });
  await saveRoutingState(tx, { cursor: {}, ledger: [{ pool, repSlackId, entry }] }, now);
  await resetMissedClaims.run(tx, repSlackId, utcTimestamp(now));
}
