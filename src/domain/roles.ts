// Who may do what. Roles come from leadops.yml (`roles.managers`, `roles.marketing`, `reps`);
// a refusal is a typed error whose message is safe to show and whose `reason` lets the Slack side
// word it (CONTRACT.md: a refused command says why, privately).
import type { Rules } from "../config/rules.ts";
import type { AppContext } from "../context.ts";
import type { Tx } from "../db/client.ts";
import { ForbiddenError, NotFoundError } from "./errors.ts";

export interface Roles {
  isManager: boolean;
  isMarketing: boolean;
  isRep: boolean;
}

export function rolesOf(rules: Pick<Rules, "roles" | "reps">, userId: string): Roles {
  return {
    isManager: rules.roles.managers.includes(userId),
    isMarketing: rules.roles.marketing.includes(userId),
    isRep: rules.reps.some((r) => r.slackId === userId),
  };
}

export type RefusalCode =
  | "not_rep"
  | "away"
  | "at_capacity"
  | "paused"
  | "not_owner"
  | "not_manager"
  | "closed"
  | "unknown_lead"
  | "not_in_pool";

export interface RefusalDetail {
  ownerSlackId?: string | null;
  open?: number | null;
  capacity?: number | null;
  until?: Date | string | null;
  note?: string | null;
}

/** A refusal with a machine-readable reason; still a ForbiddenError for the HTTP layer. */
export class RefusedError extends ForbiddenError {
  constructor(
    message: string,
    readonly reason: RefusalCode,
    readonly detail: RefusalDetail = {},
  ) {
    super(message);
  }
}

export function requireManager(rules: Pick<Rules, "roles" | "reps">, userId: string): void {
  if (!rolesOf(rules, userId).isManager) throw new RefusedError("Only managers can do that.", "not_manager");
}

/** Lead data is personal data: only people LeadOps knows (reps, managers, marketing) may read it. */
export function requireMember(rules: Pick<Rules, "roles" | "reps">, userId: string): void {
  const r = rolesOf(rules, userId);
  if (!r.isRep && !r.isManager && !r.isMarketing) {
    throw new RefusedError("Only LeadOps reps, managers and marketing can look up leads.", "not_rep");
  }
}

/** Stages after which nobody works the lead any more. */
export const CLOSED_STAGES = ["customer", "disqualified", "nurture"] as const;

export function isClosed(lead: { stage: string; lostAt: Date | null }): boolean {
  return (CLOSED_STAGES as readonly string[]).includes(lead.stage) || lead.lostAt !== null;
}

const guardSelect = {
  id: true,
  name: true,
  email: true,
  company: true,
  stage: true,
  ownerSlackId: true,
  lostAt: true,
  firstResponseAt: true,
  slackChannel: true,
  slackTs: true,
} as const;

export type GuardedLead = {
  id: string;
  name: string | null;
  email: string;
  company: string | null;
  stage: string;
  ownerSlackId: string | null;
  lostAt: Date | null;
  firstResponseAt: Date | null;
  slackChannel: string | null;
  slackTs: string | null;
};

/**
 * The owner actions (Contacted, Qualify, Won, Lost, Release, Nurture) are for the lead's owner or
 * a manager. With `lock`, the row is locked for the rest of the transaction so two clicks cannot
 * both close the lead. `allowUnowned` lets any rep act on a lead nobody owns (qualifying from
 * `/leads qualify`).
 */
export async function authorizeLeadAction(opts: {
  tx: Tx;
  rules: Pick<Rules, "roles" | "reps">;
  actor: string;
  leadId: string;
  lock?: boolean;
  allowUnowned?: boolean;
  allowClosed?: boolean;
}): Promise<GuardedLead> {
  const { tx, actor, leadId } = opts;
  if (!isUuid(leadId)) throw new NotFoundError("That lead no longer exists.");
  if (opts.lock) await tx.$queryRaw`SELECT 1 FROM "Lead" WHERE id = ${leadId}::uuid FOR UPDATE`;
  const lead = await tx.lead.findUnique({ where: { id: leadId }, select: guardSelect });
  if (!lead) throw new NotFoundError("That lead no longer exists.");
  const roles = rolesOf(opts.rules, actor);
  const isOwner = lead.ownerSlackId === actor;
  const unownedOk = opts.allowUnowned === true && lead.ownerSlackId === null && roles.isRep;
  if (!isOwner && !roles.isManager && !unownedOk) {
    throw new RefusedError(
      lead.ownerSlackId
        ? "Only the owner or a manager can do that."
        : "Nobody owns this lead yet; claim it first.",
      "not_owner",
      { ownerSlackId: lead.ownerSlackId },
    );
  }
  if (!opts.allowClosed && isClosed(lead)) {
    throw new RefusedError("This lead is already closed, so nothing changed.", "closed", {
      ownerSlackId: lead.ownerSlackId,
    });
  }
  return lead;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/**
 * {@link authorizeLeadAction} in its own short transaction: before opening a modal (Won, Lost,
 * Nurture), so a refused user is told at once instead of after filling it in.
 */
export async function checkLeadAction(opts: {
  ctx: Pick<AppContext, "db" | "rules">;
  actor: string;
  leadId: string;
}): Promise<GuardedLead> {
  return opts.ctx.db.prisma.$transaction((tx) =>
    authorizeLeadAction({ tx, rules: opts.ctx.rules, actor: opts.actor, leadId: opts.leadId }),
  );
}
