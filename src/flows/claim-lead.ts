// Claim a hot lead from its Slack post: the first eligible rep wins, atomically. One conditional
// UPDATE … WHERE "ownerSlackId" IS NULL decides the race (PostgreSQL re-checks the condition
// after waiting for the winner's row lock), so twenty simultaneous clicks give exactly one owner;
// every other clicker gets AlreadyClaimedError naming the owner.
import type { AppContext } from "../context.ts";
import { ConflictError, NotFoundError } from "../core/errors.ts";
import { LEAD_FACT_COLUMNS, type LeadFactsRow, toLeadFacts } from "../core/leads/lead-facts.ts";
import { isUuid, type RefusalCode, type RefusalDetail, RefusedError, rolesOf } from "../core/roles.ts";
import { checkClaim } from "../core/routing/check-claim.ts";
import { slaTimersFor } from "../core/routing/decide-sla-actions.ts";
import { describeReason } from "../core/routing/explain-decision.ts";
import { matchRoute } from "../core/routing/match-route.ts";
import type { RoutingRep, SkipReason } from "../core/routing/types.ts";
import { insertAssignment } from "../store/assignments/insert-assignment.ts";
import { audit, utcTimestamp } from "../store/audit/audit.ts";
import { countOpenLeads } from "../store/leads/count-open-leads.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { recordClaimInLedger } from "../store/routing/record-claim-in-ledger.ts";
import { readOpenSegments } from "../store/segments/read-open-segments.ts";

type ClaimedLeadRow = LeadFactsRow & {
  stage: string;
  ownerSlackId: string | null;
  claimedAt: Date | null;
  assignedAt: Date | null;
  lostAt: Date | null;
  slackChannel: string | null;
  slackTs: string | null;
  postedAt: Date | null;
  createdAt: Date;
};

type RepRow = Parameters<typeof toRoutingRep>[0];

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

  // Plain SQL (src/db/fast-sql.ts): twenty clicks at once hold row locks that intake's routing
  // also needs, so the shorter each claim's transaction, the less everything else waits.
  return ctx.db.transaction(
    async (tx) => {
      const sql = tx.sql;
      const [lead] = await sql.query<ClaimedLeadRow>(
        `SELECT ${LEAD_FACT_COLUMNS}, "ownerSlackId", "claimedAt", "assignedAt", "lostAt", "slackChannel",
           "slackTs", "postedAt"
         FROM "Lead" WHERE id = $1::uuid`,
        [leadId],
      );
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
      const [rep] = await sql.query<RepRow>(
        `SELECT "slackId", name, weight, capacity, industries, regions, seniority, timezone, "workingHours",
           active, away, "awayUntil", paused, "pausedReason"
         FROM "Rep" WHERE "slackId" = $1 FOR UPDATE`,
        [actor],
      );
      if (!rep?.active) {
        throw new RefusedError("You are not set up as a rep in LeadOps, so you can't take leads.", "not_rep");
      }
      const openCount = (await countOpenLeads({ tx, repSlackIds: [actor] }))[actor] ?? 0;
      const segments = await readOpenSegments(tx, leadId);
      const facts = toLeadFacts(lead);
      const check = checkClaim({
        lead: facts,
        segments,
        config: ctx.rules.routing,
        rep: toRoutingRep(rep),
        openCount,
        now,
      });
      if (!check.ok) throw refusalFor(check.reasons);

      const won = await sql.query(
        `UPDATE "Lead" SET "ownerSlackId" = $2, "claimedAt" = $3::timestamp, "assignedAt" = $3::timestamp,
           "lastActivityAt" = $3::timestamp, "updatedAt" = $4::timestamp
         WHERE id = $1::uuid AND "ownerSlackId" IS NULL
         RETURNING id`,
        [leadId, actor, utcTimestamp(now), utcTimestamp(new Date())],
      );
      if (won.length === 0) {
        const [current] = await sql.query<{
          ownerSlackId: string | null;
          claimedAt: Date | null;
          assignedAt: Date | null;
        }>(`SELECT "ownerSlackId", "claimedAt", "assignedAt" FROM "Lead" WHERE id = $1::uuid`, [leadId]);
        if (!current) throw new NotFoundError("That lead no longer exists.");
        if (current.ownerSlackId === actor) throw new ConflictError("You already own this lead.");
        throw new AlreadyClaimedError(
          current.ownerSlackId ?? "someone",
          current.claimedAt ?? current.assignedAt,
        );
      }

      // A lead nobody was eligible for waits in a fallback assignment (repSlackId null) for a
      // manager or the SLA re-route; a claim settles it, so it ends here, in the same transaction,
      // rather than being left for the SLA check to find.
      await sql.query(
        `UPDATE "Assignment" SET "endedAt" = $2::timestamp, "endReason" = 'claimed'
         WHERE "leadId" = $1::uuid AND "repSlackId" IS NULL AND "endedAt" IS NULL`,
        [leadId, utcTimestamp(now)],
      );
      await recordClaimInLedger(tx, { pool: check.pool, repSlackId: actor, now });
      const route = matchRoute({ lead: facts, segments, config: ctx.rules.routing });
      const timers = slaTimersFor(ctx.rules.sla, route.route.name);
      const assignment = await insertAssignment(tx, {
        leadId,
        repSlackId: actor,
        method: "claim",
        route: route.route.name,
        rule: null,
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

/** The Rep row as selected above: every routing field, working hours still raw JSON. */
function toRoutingRep(
  rep: Required<Omit<RoutingRep, "workingHours">> & { workingHours: unknown },
): RoutingRep {
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
