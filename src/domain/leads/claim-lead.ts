// Claim a hot lead from its Slack post: the first eligible rep wins, atomically. One conditional
// UPDATE … WHERE "ownerSlackId" IS NULL decides the race (PostgreSQL re-checks the condition
// after waiting for the winner's row lock), so twenty simultaneous clicks give exactly one owner;
// every other clicker gets AlreadyClaimedError naming the owner.
import type { AppContext } from "../../context.ts";
import { recordClaimInLedger } from "../assignment/record-claim-in-ledger.ts";
import { audit } from "../audit.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { enqueueNotice } from "../notices/enqueue-notice.ts";
import { isUuid, type RefusalCode, type RefusalDetail, RefusedError, rolesOf } from "../roles.ts";
import { checkClaim } from "../routing/check-claim.ts";
import { slaTimersFor } from "../routing/decide-sla-actions.ts";
import { describeReason } from "../routing/explain-decision.ts";
import { matchRoute } from "../routing/match-route.ts";
import type { LeadFacts, RoutingRep, SkipReason } from "../routing/types.ts";

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

/** Closed for claiming: won, disqualified or lost. (A nurture lead that turns hot again may be claimed.) */
const UNCLAIMABLE_STAGES = ["customer", "disqualified"];

export async function claimLead(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  leadId: string;
  actor: string;
}): Promise<ClaimResult> {
  const { ctx, leadId, actor } = opts;
  if (!isUuid(leadId)) throw new NotFoundError("That lead no longer exists.");
  const roles = rolesOf(ctx.rules, actor);
  if (!roles.isRep) {
    throw new RefusedError("You are not set up as a rep in LeadOps, so you can't take leads.", "not_rep");
  }
  const now = ctx.now();

  return ctx.db.prisma.$transaction(
    async (tx) => {
      const lead = await tx.lead.findUnique({ where: { id: leadId } });
      if (!lead) throw new NotFoundError("That lead no longer exists.");
      // Fast path for the losers of a race that already finished: no locks taken.
      if (lead.ownerSlackId) {
        if (lead.ownerSlackId === actor) throw new ConflictError("You already own this lead.");
        throw new AlreadyClaimedError(lead.ownerSlackId, lead.claimedAt ?? lead.assignedAt);
      }
      if (UNCLAIMABLE_STAGES.includes(lead.stage) || lead.lostAt !== null) {
        throw new RefusedError("This lead is already closed, so nothing changed.", "closed");
      }

      // One rep's claims are serialised on their Rep row so two quick claims cannot both pass the
      // capacity check.
      await tx.$queryRaw`SELECT 1 FROM "Rep" WHERE "slackId" = ${actor} FOR UPDATE`;
      const rep = await tx.rep.findUnique({ where: { slackId: actor } });
      if (!rep?.active) {
        throw new RefusedError("You are not set up as a rep in LeadOps, so you can't take leads.", "not_rep");
      }
      const openCount = await tx.lead.count({
        where: {
          ownerSlackId: actor,
          stage: { notIn: ["customer", "disqualified", "nurture"] },
          lostAt: null,
        },
      });
      const segments = (
        await tx.segmentMembership.findMany({ where: { leadId, leftAt: null }, select: { segment: true } })
      ).map((m) => m.segment);
      const facts = lead as unknown as LeadFacts;
      const check = checkClaim({
        lead: facts,
        segments,
        config: ctx.rules.routing,
        rep: toRoutingRep(rep),
        openCount,
        now,
      });
      if (!check.ok) throw refusalFor(check.reasons);

      const won = await tx.lead.updateMany({
        where: { id: leadId, ownerSlackId: null },
        data: { ownerSlackId: actor, claimedAt: now, assignedAt: now, lastActivityAt: now },
      });
      if (won.count === 0) {
        const current = await tx.lead.findUniqueOrThrow({
          where: { id: leadId },
          select: { ownerSlackId: true, claimedAt: true, assignedAt: true },
        });
        if (current.ownerSlackId === actor) throw new ConflictError("You already own this lead.");
        throw new AlreadyClaimedError(
          current.ownerSlackId ?? "someone",
          current.claimedAt ?? current.assignedAt,
        );
      }

      // A lead nobody was eligible for waits in a fallback assignment (repSlackId null) for a
      // manager or the SLA re-route; a claim settles it, so it ends here, in the same transaction,
      // rather than being left for the SLA check to find.
      await tx.assignment.updateMany({
        where: { leadId, repSlackId: null, endedAt: null },
        data: { endedAt: now, endReason: "claimed" },
      });
      await recordClaimInLedger(tx, { pool: check.pool, repSlackId: actor, now });
      const route = matchRoute({ lead: facts, segments, config: ctx.rules.routing });
      const timers = slaTimersFor(ctx.rules.sla, route.route.name);
      const assignment = await tx.assignment.create({
        data: {
          leadId,
          repSlackId: actor,
          method: "claim",
          route: route.route.name,
          pool: check.pool,
          byUserId: actor,
          createdAt: now,
          reason: {
            via: "claim",
            route: route.route.name,
            matched: route.matched,
            pool: check.pool,
            openLeadsBefore: openCount,
            capacity: rep.capacity,
          },
          slaDueAt: timers.rerouteMinutes ? new Date(now.getTime() + timers.rerouteMinutes * 60_000) : null,
        },
        select: { id: true },
      });
      await audit(tx, {
        actor,
        action: "lead.claimed",
        entity: "lead",
        entityId: leadId,
        data: { assignmentId: assignment.id, pool: check.pool },
      });
      await enqueueNotice(tx, {
        kind: "lead_post_update",
        leadId,
        channel: lead.slackChannel,
        payload: { leadId, channel: lead.slackChannel, ts: lead.slackTs },
      });
      await enqueueNotice(tx, {
        kind: "lead_thread",
        leadId,
        payload: { leadId, topic: "assignment", assignmentId: assignment.id },
        dedupeKey: `thread:assignment:${assignment.id}`,
      });
      await enqueueNotice(tx, {
        kind: "assignment_dm",
        leadId,
        channel: actor,
        payload: { leadId, assignmentId: assignment.id },
        dedupeKey: `dm:assignment:${assignment.id}`,
      });
      const since = lead.postedAt ?? lead.createdAt;
      return {
        leadId,
        ownerSlackId: actor,
        assignmentId: assignment.id,
        claimedAt: now,
        claimedInMs: Math.max(0, now.getTime() - since.getTime()),
      };
    },
    // Twenty clicks arrive at once: let them queue for a connection rather than fail.
    { maxWait: 15_000, timeout: 15_000 },
  );
}

function toRoutingRep(rep: {
  slackId: string;
  name: string;
  weight: number;
  capacity: number | null;
  industries: string[];
  regions: string[];
  seniority: string | null;
  timezone: string | null;
  workingHours: unknown;
  active: boolean;
  away: boolean;
  awayUntil: Date | null;
  paused: boolean;
  pausedReason: string | null;
}): RoutingRep {
  return {
    ...rep,
    workingHours: (rep.workingHours ?? null) as RoutingRep["workingHours"],
  };
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
