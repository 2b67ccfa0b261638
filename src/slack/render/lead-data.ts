// Turns the CURRENT lead (a notice only carries ids; the domain reads the lead as it is now) into
// the builders' view models: the lead summary, and where its post stands (claimed, contacted,
// won …). Also the shared steps of the renderers: find the notice's lead, its assignment, its post.
import type { AppContext } from "../../context.ts";
import { toLeadFacts } from "../../core/leads/lead-facts.ts";
import { matchRoute } from "../../core/routing/match-route.ts";
import { readAssignment } from "../../store/assignments/read-assignment.ts";
import { type LeadForNotice, readLeadForNotice } from "../../store/leads/read-lead-for-notice.ts";
import { isLeadPostQueued } from "../../store/outbox/is-lead-post-queued.ts";
import type { HotLeadVM, LeadStatusVM } from "../blocks/types.ts";
import type { OutboxRow, RenderContext, Rendered } from "./types.ts";

const STRATEGY: Record<string, string> = {
  round_robin: "round robin",
  weighted: "weighted",
  performance: "performance",
  least_loaded: "least loaded",
};

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/** The lead a notice is about: the row's column, else the payload's. */
export function leadIdOf(row: OutboxRow): string | null {
  return row.leadId ?? str(row.payload.leadId);
}

/** Renders with the notice's lead; a lead that is gone or forgotten has nothing left to show. */
export async function withLead(
  rc: RenderContext,
  row: OutboxRow,
  fn: (lead: LeadForNotice) => Promise<Rendered> | Rendered,
): Promise<Rendered> {
  const leadId = leadIdOf(row);
  const lead = leadId ? await readLeadForNotice({ db: rc.ctx.db, leadId }) : null;
  if (!lead || lead.forgottenAt) return { action: "skip", reason: "the lead no longer exists" };
  return fn(lead);
}

/** The assignment the notice names, else the lead's latest. */
export async function assignmentOf(rc: RenderContext, payload: Record<string, unknown>, lead: LeadForNotice) {
  const id = str(payload.assignmentId);
  if (id) return readAssignment({ db: rc.ctx.db, id });
  return lead.assignments[0] ?? null;
}

export function displayName(lead: {
  name: string | null;
  firstName: string | null;
  lastName: string | null;
}) {
  return lead.name ?? ([lead.firstName, lead.lastName].filter(Boolean).join(" ") || null);
}

export function leadVM(ctx: AppContext, lead: LeadForNotice, now: Date): HotLeadVM {
  const segments = lead.memberships.map((m) => m.segment);
  let suggestedRoute: string | null = null;
  try {
    const match = matchRoute({ lead: toLeadFacts(lead), segments, config: ctx.rules.routing });
    const route = match.route;
    suggestedRoute = `${route.name} (${STRATEGY[route.strategy] ?? route.strategy})`;
  } catch {
    // A route hint is decoration; a rules edge case must not stop the post going out.
    suggestedRoute = null;
  }
  const deadline = lead.claimDeadlineAt?.getTime();
  return {
    id: lead.id,
    name: displayName(lead),
    email: lead.email,
    title: lead.title,
    company: lead.company,
    source: lead.source,
    leadMagnet: lead.leadMagnet,
    stage: lead.stage,
    score: {
      fit: lead.fitScore,
      engagement: lead.engagementScore,
      total: lead.totalScore,
      grade: lead.grade,
    },
    topReasons: lead.scoreEntries
      .filter((e) => e.currentPoints > 0)
      .slice(0, 5)
      .map((e) => ({ rule: e.rule, points: e.currentPoints })),
    segments,
    suggestedRoute,
    claimWindowMinutes:
      deadline !== undefined && deadline > now.getTime() && !lead.ownerSlackId
        ? Math.ceil((deadline - now.getTime()) / 60_000)
        : null,
  };
}

/** Where the lead stands, for the in-place update; null while it waits for a claim. */
export function leadStatus(lead: LeadForNotice, payload: Record<string, unknown>): LeadStatusVM | null {
  const outcome = (kind: string) => lead.outcomes.find((o) => o.kind === kind);
  const assignment = lead.assignments[0];
  const owner = lead.ownerSlackId ?? assignment?.repSlackId ?? null;
  if (lead.stage === "customer") {
    const won = outcome("won");
    return {
      state: "won",
      ownerSlackId: won?.byUserId ?? owner ?? "system",
      amount: won?.amount != null ? Number(won.amount) : null,
      currency: won?.currency ?? null,
    };
  }
  if (lead.lostAt || lead.stage === "disqualified") {
    return {
      state: "lost",
      ownerSlackId: owner ?? "system",
      reason: lead.lostReason ?? (lead.stage === "disqualified" ? "disqualified" : null),
      reopenable: lead.stage !== "disqualified",
    };
  }
  if (lead.stage === "nurture" && !lead.ownerSlackId) {
    return {
      state: "nurture",
      ownerSlackId: str(payload.previousOwner) ?? assignment?.repSlackId ?? null,
      byUserId: str(payload.nurturedBy) ?? outcome("nurture")?.byUserId ?? "system",
      reason: lead.nurtureReason,
    };
  }
  if (!lead.ownerSlackId) {
    const released = lead.assignments.find((a) => a.endReason === "released");
    if (str(payload.releasedBy) || released) {
      return {
        state: "released",
        byUserId: str(payload.releasedBy) ?? released?.repSlackId ?? "system",
        reason: str(payload.reason),
      };
    }
    return null;
  }
  const ownerId = lead.ownerSlackId;
  const posted = (lead.postedAt ?? lead.createdAt).getTime();
  const claimedInMs = lead.claimedAt ? Math.max(0, lead.claimedAt.getTime() - posted) : null;
  const qualification = lead.qualifications[0];
  if (lead.qualifiedAt && qualification?.qualified) {
    return { state: "qualified", ownerSlackId: ownerId, framework: qualification.framework.toUpperCase() };
  }
  if (lead.contactedAt) {
    const from = (lead.assignedAt ?? lead.claimedAt)?.getTime();
    return {
      state: "contacted",
      ownerSlackId: ownerId,
      claimedInMs,
      contactedInMs: from !== undefined ? Math.max(0, lead.contactedAt.getTime() - from) : null,
    };
  }
  if (assignment?.method === "claim" && claimedInMs !== null) {
    return { state: "claimed", ownerSlackId: ownerId, claimedInMs };
  }
  return {
    state: "assigned",
    ownerSlackId: ownerId,
    route: assignment?.route ?? null,
    afterMs: lead.assignedAt ? Math.max(0, lead.assignedAt.getTime() - posted) : null,
  };
}

/** Where a lead's post is, or what to do while it has none. */
export async function postTarget(
  ctx: AppContext,
  lead: { id: string; slackChannel: string | null; slackTs: string | null },
): Promise<{ channel: string; ts: string } | { wait: true } | { none: true }> {
  if (lead.slackChannel && lead.slackTs) return { channel: lead.slackChannel, ts: lead.slackTs };
  return (await isLeadPostQueued({ db: ctx.db, leadId: lead.id })) ? { wait: true } : { none: true };
}

/** A lead's post must be there first; 2 s is about two channel slots. */
export const WAIT_FOR_POST_MS = 2_000;
