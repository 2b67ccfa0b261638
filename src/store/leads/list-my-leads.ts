// A rep's open leads with their age and SLA state (`/leads mine`, App Home).
import type { AppContext } from "../../context.ts";
import { CLOSED_STAGES } from "../../core/roles.ts";
import { slaTimersFor } from "../../core/routing/decide-sla-actions.ts";

export type SlaState = "ok" | "due_soon" | "breached";

export interface MyLead {
  id: string;
  name: string | null;
  email: string;
  company: string | null;
  grade: string;
  stage: string;
  /** Since the lead was assigned to (or claimed by) this rep. */
  ageMs: number;
  sla: SlaState;
}

export async function listMyLeads(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  userId: string;
  limit?: number;
}): Promise<MyLead[]> {
  const { ctx, userId } = opts;
  const now = ctx.now();
  const rows = await ctx.db.prisma.lead.findMany({
    where: { ownerSlackId: userId, stage: { notIn: [...CLOSED_STAGES] }, lostAt: null, forgottenAt: null },
    orderBy: [{ assignedAt: "asc" }, { createdAt: "asc" }],
    take: opts.limit ?? 500,
    select: {
      id: true,
      name: true,
      firstName: true,
      lastName: true,
      email: true,
      company: true,
      grade: true,
      stage: true,
      assignedAt: true,
      createdAt: true,
      firstResponseAt: true,
      assignments: {
        where: { endedAt: null },
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { createdAt: true, route: true, breachedAt: true },
      },
    },
  });
  return rows.map((r) => {
    const assignment = r.assignments[0];
    const since = assignment?.createdAt ?? r.assignedAt ?? r.createdAt;
    const ageMs = Math.max(0, now.getTime() - since.getTime());
    return {
      id: r.id,
      name: r.name ?? ([r.firstName, r.lastName].filter(Boolean).join(" ") || null),
      email: r.email,
      company: r.company,
      grade: r.grade,
      stage: r.stage,
      ageMs,
      sla: slaState({
        ctx,
        route: assignment?.route ?? null,
        ageMs,
        responded: r.firstResponseAt !== null,
        breached: assignment?.breachedAt != null,
      }),
    };
  });
}

/** Breached past the breach timer (or when the SLA job said so), due soon past the nudge. */
function slaState(opts: {
  ctx: Pick<AppContext, "rules">;
  route: string | null;
  ageMs: number;
  responded: boolean;
  breached: boolean;
}): SlaState {
  if (opts.breached) return "breached";
  if (opts.responded) return "ok";
  const timers = slaTimersFor(opts.ctx.rules.sla, opts.route);
  const minutes = opts.ageMs / 60_000;
  if (timers.breachMinutes != null && minutes >= timers.breachMinutes) return "breached";
  if (timers.nudgeMinutes != null && minutes >= timers.nudgeMinutes) return "due_soon";
  return "ok";
}
