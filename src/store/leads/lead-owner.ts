// Every write of a lead's owner fields ("ownerSlackId", "claimedAt", "assignedAt",
// "claimDeadlineAt") is one of these statements, so who owns a lead changes in one place. Which
// move is allowed is decided before, in core/lifecycle (decideMove); these only write it.
import type { Lead } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const claimIfUnowned = statement<Pick<Lead, "id">, [string, string, string]>(
  "claimLeadIfUnowned",
  ["id"],
  `UPDATE "Lead" SET "ownerSlackId" = $2, "claimedAt" = $3::timestamp, "assignedAt" = $3::timestamp,
     "lastActivityAt" = $3::timestamp, "updatedAt" = $3::timestamp
   WHERE id = $1::uuid AND "ownerSlackId" IS NULL
   RETURNING id`,
);

/**
 * A claim: the lead becomes `owner`'s only if nobody owns it. PostgreSQL re-checks the condition
 * after waiting for a concurrent winner's row lock, so of simultaneous claims exactly one returns
 * true.
 */
export async function claimLeadIfUnowned(
  tx: Tx,
  o: { leadId: string; owner: string; at: Date },
): Promise<boolean> {
  const won = await claimIfUnowned.run(tx, o.leadId, o.owner, utcTimestamp(o.at));
  return won.length > 0;
}

const setOwner = statement<Record<string, never>, [string, string, string]>(
  "assignLeadOwner",
  [],
  `UPDATE "Lead" SET "ownerSlackId" = $2, "assignedAt" = $3::timestamp, "claimedAt" = NULL,
     "claimDeadlineAt" = NULL, "updatedAt" = $3::timestamp
   WHERE id = $1::uuid`,
);

/** An assignment by routing, the SLA re-route or a manager: `owner` owns the lead from `at`. */
export async function assignLeadOwner(tx: Tx, o: { leadId: string; owner: string; at: Date }): Promise<void> {
  await setOwner.run(tx, o.leadId, o.owner, utcTimestamp(o.at));
}

const offer = statement<Record<string, never>, [string, string, string]>(
  "offerLeadForClaim",
  [],
  `UPDATE "Lead" SET "claimDeadlineAt" = $2::timestamp, "postedAt" = $3::timestamp, "updatedAt" = $3::timestamp
   WHERE id = $1::uuid`,
);

/** A route of mode `claim`: the lead is open to claims until `claimDeadlineAt`. */
export async function offerLeadForClaim(
  tx: Tx,
  o: { leadId: string; claimDeadlineAt: Date; at: Date },
): Promise<void> {
  await offer.run(tx, o.leadId, utcTimestamp(o.claimDeadlineAt), utcTimestamp(o.at));
}

const release = statement<Record<string, never>, [string, string, string]>(
  "releaseLeadOwner",
  [],
  `UPDATE "Lead" SET "ownerSlackId" = NULL, "claimedAt" = NULL, "assignedAt" = NULL,
     "claimDeadlineAt" = $2::timestamp, "updatedAt" = $3::timestamp
   WHERE id = $1::uuid`,
);

/** The owner gives the lead back: open to claims again until `claimDeadlineAt`. */
export async function releaseLeadOwner(
  tx: Tx,
  o: { leadId: string; claimDeadlineAt: Date; at: Date },
): Promise<void> {
  await release.run(tx, o.leadId, utcTimestamp(o.claimDeadlineAt), utcTimestamp(o.at));
}

const clear = statement<Record<string, never>, [string, string]>(
  "clearLeadOwner",
  [],
  `UPDATE "Lead" SET "ownerSlackId" = NULL, "claimDeadlineAt" = NULL, "updatedAt" = $2::timestamp
   WHERE id = $1::uuid`,
);

/**
 * Unassign (nobody eligible), nurture, recycle, reopen: nobody owns the lead and no claim window is
 * open. ("claimedAt" and
 * "assignedAt" keep the last owner's times for the report.)
 */
export async function clearLeadOwner(tx: Tx, o: { leadId: string; at: Date }): Promise<void> {
  await clear.run(tx, o.leadId, utcTimestamp(o.at));
}

const closeWindow = statement<Record<string, never>, [string, string]>(
  "closeClaimWindow",
  [],
  `UPDATE "Lead" SET "claimDeadlineAt" = NULL, "updatedAt" = $2::timestamp WHERE id = $1::uuid`,
);

/** Disqualify: the lead keeps its owner, but is no longer open to claims. */
export async function closeClaimWindow(tx: Tx, o: { leadId: string; at: Date }): Promise<void> {
  await closeWindow.run(tx, o.leadId, utcTimestamp(o.at));
}
