// What App Home shows a user: their open leads (age, SLA state), availability, this week's
// numbers; managers also get the team's queue and the unassigned count.
import type { AppContext } from "../../context.ts";
import { CLOSED_STAGES, rolesOf } from "../../core/roles.ts";
import { isAway } from "../../core/routing/check-eligibility.ts";
import { listMyLeads, type MyLead } from "../leads/list-my-leads.ts";

export type HomeAvailability =
  | { state: "available" }
  | { state: "away"; until: string | null }
  | { state: "paused"; reason: string | null };

export interface HomeData {
  userId: string;
  isRep: boolean;
  isManager: boolean;
  availability: HomeAvailability;
  openLeads: MyLead[];
  week: { assigned: number; contacted: number; won: number; medianFirstResponseMs: number | null };
  team:
    | {
        slackId: string;
        openLeads: number;
        breached: number;
        capacity: number | null;
        availability: HomeAvailability;
      }[]
    | null;
  unassigned: number | null;
  updatedAt: Date;
}

/** Monday 00:00 UTC of the week containing `now`. */
export function weekStart(now: Date): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - sinceMonday * 86_400_000);
}

function availabilityOf(
  rep: { away: boolean; awayUntil: Date | null; paused: boolean; pausedReason: string | null } | null,
  now: Date,
): HomeAvailability {
  if (!rep) return { state: "available" };
  if (rep.paused) return { state: "paused", reason: rep.pausedReason };
  const away = isAway({ slackId: "", name: "", ...rep }, now);
  return away.away ? { state: "away", until: away.until } : { state: "available" };
}

export async function readHome(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  userId: string;
}): Promise<HomeData> {
  const { ctx, userId } = opts;
  const prisma = ctx.db.prisma;
  const now = ctx.now();
  const roles = rolesOf(ctx.rules, userId);
  const since = weekStart(now);
  const open = { stage: { notIn: [...CLOSED_STAGES] }, lostAt: null, forgottenAt: null };

  const [rep, openLeads, assignedRows, contacted, won] = await Promise.all([
    prisma.rep.findUnique({ where: { slackId: userId } }),
    listMyLeads({ ctx, userId, limit: 100 }),
    prisma.assignment.findMany({
      where: { repSlackId: userId, createdAt: { gte: since } },
      select: { createdAt: true, lead: { select: { firstResponseAt: true } } },
    }),
    prisma.lead.count({ where: { ownerSlackId: userId, contactedAt: { gte: since } } }),
    prisma.outcome.count({ where: { kind: "won", byUserId: userId, occurredAt: { gte: since } } }),
  ]);
  const responses = assignedRows
    .map((a) => (a.lead.firstResponseAt ? a.lead.firstResponseAt.getTime() - a.createdAt.getTime() : null))
    .filter((ms): ms is number => ms !== null && ms >= 0)
    .sort((a, b) => a - b);

  let team: HomeData["team"] = null;
  let unassigned: number | null = null;
  if (roles.isManager) {
    const reps = await prisma.rep.findMany({ where: { active: true }, orderBy: { name: "asc" } });
    const counts = await prisma.lead.groupBy({
      by: ["ownerSlackId"],
      where: { ...open, ownerSlackId: { not: null } },
      _count: { _all: true },
    });
    const breaches = await prisma.assignment.groupBy({
      by: ["repSlackId"],
      where: { endedAt: null, breachedAt: { not: null } },
      _count: { _all: true },
    });
    const openBy = new Map(counts.map((c) => [c.ownerSlackId, c._count._all]));
    const breachedBy = new Map(breaches.map((b) => [b.repSlackId, b._count._all]));
    team = reps.map((r) => ({
      slackId: r.slackId,
      openLeads: openBy.get(r.slackId) ?? 0,
      breached: breachedBy.get(r.slackId) ?? 0,
      capacity: r.capacity,
      availability: availabilityOf(r, now),
    }));
    unassigned = await prisma.lead.count({
      where: { ...open, ownerSlackId: null, OR: [{ grade: "hot" }, { stage: "sql" }] },
    });
  }

  return {
    userId,
    isRep: roles.isRep,
    isManager: roles.isManager,
    availability: availabilityOf(rep, now),
    openLeads,
    week: {
      assigned: assignedRows.length,
      contacted,
      won,
      medianFirstResponseMs: median(responses),
    },
    team,
    unassigned,
    updatedAt: now,
  };
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
