// A lead as routing and claims see it: the facts the pure routing code matches on, who owns it
// (for core/lifecycle's decideMove) and where its Slack post is.
import { LEAD_FACT_COLUMNS, LEAD_FACT_KEYS, type LeadFactsRow } from "../../core/leads/lead-facts.ts";
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type RoutingLeadRow = LeadFactsRow &
  Pick<
    Lead,
    | "stage"
    | "ownerSlackId"
    | "claimedAt"
    | "assignedAt"
    | "claimDeadlineAt"
    | "lostAt"
    | "slackChannel"
    | "slackTs"
    | "postedAt"
    | "createdAt"
  >;

const OWNER_AND_POST = [
  "ownerSlackId",
  "claimedAt",
  "assignedAt",
  "claimDeadlineAt",
  "lostAt",
  "slackChannel",
  "slackTs",
  "postedAt",
] as const;

const columns = [...LEAD_FACT_KEYS, ...OWNER_AND_POST] as const;
const select = `SELECT ${LEAD_FACT_COLUMNS}, ${OWNER_AND_POST.map((c) => `"${c}"`).join(", ")} FROM "Lead"`;

const readToClaim = statement<RoutingLeadRow, [string]>(
  "readLeadToClaim",
  columns,
  `${select} WHERE id = $1::uuid`,
);

const lockToRoute = statement<RoutingLeadRow, [string]>(
  "lockLeadToRoute",
  columns,
  `${select} WHERE id = $1::uuid FOR UPDATE`,
);

/**
 * Without a lock: a claim decides its race with the conditional update in lead-owner.ts, and the
 * losers of a race already decided must not queue behind the winner's lock.
 */
export async function readLeadToClaim(tx: Tx, leadId: string): Promise<RoutingLeadRow | null> {
  const [lead] = await readToClaim.run(tx, leadId);
  return lead ?? null;
}

/** Locked for the rest of the transaction: routing takes the lead's lock before the pools'. */
export async function lockLeadToRoute(tx: Tx, leadId: string): Promise<RoutingLeadRow | null> {
  const [lead] = await lockToRoute.run(tx, leadId);
  return lead ?? null;
}
