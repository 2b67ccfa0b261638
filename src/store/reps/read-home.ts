// What App Home shows a user: their open leads (age, SLA state), availability, this week's
// numbers; managers also get the team's queue and the unassigned count.
import type { AppContext } from "../../context.ts";
import { CLOSED_STAGES, rolesOf } from "../../core/roles.ts";
import { isAway } from "../../core/routing/check-eligibility.ts";
import type { Assignment, Lead, Rep } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import { listMyLeads, type MyLead } from "../leads/list-my-leads.ts";
import { statement } from "../statement.ts";

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

type Availability = Pick<Rep, "away" | "awayUntil" | "paused" | "pausedReason">;
const AVAILABILITY = ["away", "awayUntil", "paused", "pausedReason"] as const;
/** Open: still being worked (the stages of CLOSED_STAGES excluded), not lost, not forgotten. */
const OPEN = `stage <> ALL($1::text[]) AND "lostAt" IS NULL AND "forgottenAt" IS NULL`;

const selectRep = statement<Availability, [string]>(
  "selectHomeRep",
  AVAILABILITY,
  `SELECT away, "awayUntil", paused, "pausedReason" FROM "Rep" WHERE "slackId" = $1`,
);

const selectWeek = statement<Pick<Assignment, "createdAt"> & Pick<Lead, "firstResponseAt">, [string, string]>(
  "selectHomeWeekAssignments",
  ["createdAt", "firstResponseAt"],
  `SELECT a."createdAt", l."firstResponseAt" FROM "Assignment" a JOIN "Lead" l ON l.id = a."leadId"
   WHERE a."repSlackId" = $1 AND a."createdAt" >= $2::timestamp`,
);

const countWeek = statement<{ contacted: number; won: number }, [string, string]>(
  "countHomeWeekOutcomes",
  ["contacted", "won"],
  `SELECT
     (SELECT count(*)::int FROM "Lead" WHERE "ownerSlackId" = $1 AND "contactedAt" >= $2::timestamp) AS contacted,
     (SELECT count(*)::int FROM "Outcome"
      WHERE kind = 'won' AND "byUserId" = $1 AND "occurredAt" >= $2::timestamp) AS won`,
);

const selectTeam = statement<
  Pick<Rep, "slackId" | "capacity"> & Availability & { openLeads: number; breached: number },
  [string[]]
>(
  "selectHomeTeam",
  ["slackId", "capacity", ...AVAILABILITY, "openLeads", "breached"],
  `SELECT r."slackId", r.capacity, r.away, r."awayUntil", r.paused, r."pausedReason",
     (SELECT count(*)::int FROM "Lead" WHERE "ownerSlackId" = r."slackId" AND ${OPEN}) AS "openLeads",
     (SELECT count(*)::int FROM "Assignment"
      WHERE "repSlackId" = r."slackId" AND "endedAt" IS NULL AND "breachedAt" IS NOT NULL) AS breached
   FROM "Rep" r WHERE r.active ORDER BY r.name ASC`,
);

const countUnassigned = statement<{ n: number }, [string[]]>(
  "countHomeUnassigned",
  ["n"],
  `SELECT count(*)::int AS n FROM "Lead"
   WHERE ${OPEN} AND "ownerSlackId" IS NULL AND (grade = 'hot' OR stage = 'sql')`,
);

export async function readHome(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  userId: string;
}): Promise<HomeData> {
  const { ctx, userId } = opts;
  const now = ctx.now();
  const roles = rolesOf(ctx.rules, userId);
  const since = utcTimestamp(weekStart(now));
  const closed = [...CLOSED_STAGES];

  const [mine, openLeads] = await Promise.all([
    ctx.db.transaction(async (tx) => ({
      rep: (await selectRep.run(tx, userId))[0] ?? null,
      week: await selectWeek.run(tx, userId, since),
      counts: (await countWeek.run(tx, userId, since))[0] ?? { contacted: 0, won: 0 },
      team: roles.isManager ? await selectTeam.run(tx, closed) : null,
      unassigned: roles.isManager ? ((await countUnassigned.run(tx, closed))[0]?.n ?? 0) : null,
    })),
    listMyLeads({ ctx, userId, limit: 100 }),
  ]);
  const responses = mine.week
    .map((a) => (a.firstResponseAt ? a.firstResponseAt.getTime() - a.createdAt.getTime() : null))
    .filter((ms): ms is number => ms !== null && ms >= 0)
    .sort((a, b) => a - b);

  return {
    userId,
    isRep: roles.isRep,
    isManager: roles.isManager,
    availability: availabilityOf(mine.rep, now),
    openLeads,
    week: {
      assigned: mine.week.length,
      contacted: mine.counts.contacted,
      won: mine.counts.won,
      medianFirstResponseMs: median(responses),
    },
    team:
      mine.team?.map((r) => ({
        slackId: r.slackId,
        openLeads: r.openLeads,
        breached: r.breached,
        capacity: r.capacity,
        availability: availabilityOf(r, now),
      })) ?? null,
    unassigned: mine.unassigned,
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
