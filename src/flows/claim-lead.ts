// Claim a hot lead from its Slack post: the first eligible rep wins, atomically. One conditional
// UPDATE … WHERE "ownerSlackId" IS NULL decides the race (store/leads/lead-owner.ts
// claimLeadIfUnowned: PostgreSQL re-checks the condition after waiting for the winner's row
// lock), so twenty simultaneous clicks give exactly one owner; every other clicker gets
// AlreadyClaimedError naming the owner.
//
// Plain SQL in one short transaction (docs/decisions/0003-plain-sql-on-hot-paths.md): twenty
// clicks at once hold row locks that intake's routing also needs, so the shorter each claim's
// transaction, the less everything else waits. The steps below add no statement to it.
import type { AppContext } from "../context.ts";
import { ConflictError, NotFoundError } from "../core/errors.ts";
import { type LeadFacts, toLeadFacts } from "../core/leads/lead-facts.ts";
import { decideMove, leadStateOf } from "../core/lifecycle/decide-move.ts";
import { isUuid, type RefusalCode, type RefusalDetail, RefusedError, rolesOf } from "../core/roles.ts";
import { checkClaim } from "../core/routing/check-claim.ts";
import { slaTimersFor } from "../core/routing/decide-sla-actions.ts";
import { describeReason } from "../core/routing/explain-decision.ts";
import { matchRoute } from "../core/routing/match-route.ts";
import type { RoutingRep, SkipReason } from "../core/routing/types.ts";
import { assignmentsMade } from "../observability/metrics.ts";
import { endFallbackAssignments } from "../store/assignments/end-assignments.ts";
import { insertAssignment } from "../store/assignments/insert-assignment.ts";
import { audit } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
import { countOpenLeads } from "../store/leads/count-open-leads.ts";
import { claimLeadIfUnowned } from "../store/leads/lead-owner.ts";
import { readLeadOwner } from "../store/leads/read-lead-owner.ts";
import { type RoutingLeadRow, readLeadToClaim } from "../store/leads/read-routing-lead.ts";
import { enqueueNotices } from "../store/outbox/enqueue-notice.ts";
import { lockClaimingRep } from "../store/reps/lock-claiming-rep.ts";
import { recordClaimInLedger } from "../store/routing/record-claim-in-ledger.ts";
import { readOpenSegments } from "../store/segments/read-open-segments.ts";

/** Someone else owns the lead already; `ownerSlackId` is who, for the private reply. */
export class AlreadyClaimedError extends ConflictError {
  constructor(
    readonly ownerSlackId: string,
    readonly claimedAt: Date | null,
  ) {
    super(`This lead was already claimed by <@${ownerSlackId}>.`);
  }
}

export interface ClaimResult {
  leadId: string;
  ownerSlackId: string;
  assignmentId: string;
  claimedAt: Date;
  /** From the post (or the lead's creation when it was never posted) to the claim. */
  claimedInMs: number;
}

type ClaimCtx = Pick<AppContext, "db" | "rules" | "now">;
/** The lead as routing's pure code reads it. */

/** What a claim that passed every check knows when it writes. */
interface EligibleClaim {
  lead: RoutingLeadRow;
  facts: LeadFacts;
  segments: string[];
  rep: RoutingRep;
  pool: string;
  openCount: number;
}

const NOT_A_REP = "You are not set up as a rep in LeadOps, so you can't take leads.";

export async function claimLead(opts: {
  ctx: ClaimCtx;
  leadId: string;
  actor: string;
}): Promise<ClaimResult> {
  const { ctx, leadId, actor } = opts;
  // The role first: a non-rep hears the same whatever the id.
  if (!rolesOf(ctx.rules, actor).isRep) throw new RefusedError(NOT_A_REP, "not_rep");
  if (!isUuid(leadId)) throw new NotFoundError("That lead no longer exists.");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const lead = await readClaimableLead(tx, leadId, actor);
    const claim = await checkRepMayClaim(tx, ctx, { lead, actor, now });
    if (!(await claimLeadIfUnowned(tx, { leadId, owner: actor, at: now }))) {
      throw await lostRace(tx, leadId, actor);
    }
    const assignmentId = await recordClaim(tx, ctx, { claim, actor, now });
    tx.afterCommit(() => assignmentsMade.inc({ how: "claim" }));
    const since = lead.postedAt ?? lead.createdAt;
    return {
      leadId,
      ownerSlackId: actor,
      assignmentId,
      claimedAt: now,
      claimedInMs: Math.max(0, now.getTime() - since.getTime()),
    };
  });
}

/** The lead, if nobody owns it yet and the lifecycle lets a rep claim it. Takes no lock. */
async function readClaimableLead(tx: Tx, leadId: string, actor: string): Promise<RoutingLeadRow> {
  const lead = await readLeadToClaim(tx, leadId);
  if (!lead) throw new NotFoundError("That lead no longer exists.");
  // The losers of a race that already finished are told at once, before any lock.
  if (lead.ownerSlackId) throw ownedError(lead, actor);
  if (!decideMove({ move: "claim", from: leadStateOf(lead), by: "rep" }).ok) {
    throw new RefusedError("This lead is already closed, so nothing changed.", "closed");
  }
  return lead;
}

/** Locks the rep's row (their claims queue on it) and checks capacity, availability and pool. */
async function checkRepMayClaim(
  tx: Tx,
  ctx: ClaimCtx,
  o: { lead: RoutingLeadRow; actor: string; now: Date },
): Promise<EligibleClaim> {
  const { lead, actor, now } = o;
  const rep = await lockClaimingRep(tx, actor);
  if (!rep?.active) throw new RefusedError(NOT_A_REP, "not_rep");
  const openCount = (await countOpenLeads({ tx, repSlackIds: [actor] }))[actor] ?? 0;
  const segments = await readOpenSegments(tx, lead.id);
  const facts = toLeadFacts(lead);
  const check = checkClaim({ lead: facts, segments, config: ctx.rules.routing, rep, openCount, now });
  if (!check.ok) throw refusalFor(check.reasons);
  return { lead, facts, segments, rep, pool: check.pool, openCount };
}

/** The error for a clicker whose conditional update found the lead taken meanwhile. */
async function lostRace(tx: Tx, leadId: string, actor: string): Promise<Error> {
  const current = await readLeadOwner(tx, leadId);
  if (!current) return new NotFoundError("That lead no longer exists.");
  return ownedError(current, actor);
}

function ownedError(
  lead: { ownerSlackId: string | null; claimedAt: Date | null; assignedAt: Date | null },
  actor: string,
): Error {
  if (lead.ownerSlackId === actor) return new ConflictError("You already own this lead.");
  return new AlreadyClaimedError(lead.ownerSlackId ?? "someone", lead.claimedAt ?? lead.assignedAt);
}

/** Everything a won claim implies: the assignment, the ledger, the audit entry, the notices. */
async function recordClaim(
  tx: Tx,
  ctx: ClaimCtx,
  o: { claim: EligibleClaim; actor: string; now: Date },
): Promise<string> {
  const { claim, actor, now } = o;
  const { lead, pool } = claim;
  const leadId = lead.id;
  // A lead nobody was eligible for waits in a fallback assignment (repSlackId null) for a
  // manager or the SLA re-route; a claim settles it, so it ends here, in the same transaction,
  // rather than being left for the SLA check to find.
  await endFallbackAssignments(tx, { leadId, at: now, endReason: "claimed" });
  await recordClaimInLedger(tx, { pool, repSlackId: actor, now });
  const route = matchRoute({ lead: claim.facts, segments: claim.segments, config: ctx.rules.routing });
  const timers = slaTimersFor(ctx.rules.sla, route.route.name);
  const assignment = await insertAssignment(tx, {
    leadId,
    repSlackId: actor,
    method: "claim",
    route: route.route.name,
    rule: null,
    pool,
    byUserId: actor,
    createdAt: now,
    reason: {
      via: "claim",
      route: route.route.name,
      matched: route.matched,
      pool,
      openLeadsBefore: claim.openCount,
      capacity: claim.rep.capacity,
    },
    slaDueAt: timers.rerouteMinutes ? new Date(now.getTime() + timers.rerouteMinutes * 60_000) : null,
  });
  await audit(tx, {
    actor,
    action: "lead.claimed",
    entity: "lead",
    entityId: leadId,
    data: { assignmentId: assignment.id, pool },
  });
  // One statement for the three notices: the post shows its owner, the thread says why, the
  // claimer gets the lead's details.
  await enqueueNotices(tx, [
    {
      kind: "lead_post_update",
      leadId,
      channel: lead.slackChannel,
      payload: { leadId, channel: lead.slackChannel, ts: lead.slackTs },
    },
    {
      kind: "lead_thread",
      leadId,
      payload: { leadId, topic: "assignment", assignmentId: assignment.id },
      dedupeKey: `thread:assignment:${assignment.id}`,
    },
    {
      kind: "assignment_dm",
      leadId,
      channel: actor,
      payload: { leadId, assignmentId: assignment.id },
      dedupeKey: `dm:assignment:${assignment.id}`,
    },
  ]);
  return assignment.id;
}

const ORDER: SkipReason["code"][] = [
  "inactive",
  "paused",
  "away",
  "at_capacity",
  "not_in_pool",
  "excluded",
  "invalid_timezone",
  "outside_hours",
];

/** The refusal a rep sees: the most fundamental reason first, every reason in the message. */
function refusalFor(reasons: SkipReason[]): RefusedError {
  const sorted = [...reasons].sort((a, b) => ORDER.indexOf(a.code) - ORDER.indexOf(b.code));
  const first = sorted[0];
  const message = `You can't claim this lead: ${sorted.map(describeReason).join(", ")}.`;
  if (!first) return new RefusedError(message, "not_rep");
  const detail: RefusalDetail = {};
  let code: RefusalCode;
  switch (first.code) {
    case "inactive":
      code = "not_rep";
      break;
    case "paused":
      code = "paused";
      break;
    case "away":
      code = "away";
      detail.until = first.until;
      break;
    case "at_capacity":
      code = "at_capacity";
      detail.open = first.open;
      detail.capacity = first.capacity;
      break;
    default:
      code = "not_in_pool";
      detail.note = sorted.map(describeReason).join(", ");
  }
  return new RefusedError(message, code, detail);
}
