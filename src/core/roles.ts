// Who may do what. Roles come from leadops.yml (`roles.managers`, `roles.marketing`, `reps`);
// a refusal is a typed error whose message is safe to show and whose `reason` lets the Slack side
// word it (CONTRACT.md: a refused command says why, privately).
import type { Rules } from "../config/rules.ts";
import { ForbiddenError } from "./errors.ts";

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
  | "no_role"
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

/**
 * The roles checked *before* a lead is looked up, so that someone without them is told the same
 * whether the lead exists or not (and who owns it): lead data is personal data, and an answer
 * that differs between an existing and a missing email tells a stranger which people are leads.
 * - `member`: anyone LeadOps knows (reps, managers, marketing): may see leads and the rules;
 * - `worker`: reps and managers, the only people an owner action (Contacted, Qualify, Won, Lost,
 *   Release, Nurture) can ever allow;
 * - `rep`: disputes (a rep says a lead they were given is junk).
 */
export type LeadRole = "member" | "worker" | "rep";

const ROLE_REFUSALS: Record<LeadRole, string> = {
  member: "Only LeadOps reps, managers and marketing can see leads and rules.",
  worker: "Only LeadOps reps and managers can work on leads.",
  rep: "Only LeadOps reps can dispute a lead.",
};

export function hasLeadRole(rules: Pick<Rules, "roles" | "reps">, userId: string, role: LeadRole): boolean {
  const r = rolesOf(rules, userId);
  switch (role) {
    case "member":
      return r.isRep || r.isManager || r.isMarketing;
    case "worker":
      return r.isRep || r.isManager;
    case "rep":
      return r.isRep;
  }
}

/** Throws the same refusal, naming no lead, to anyone without `role`. */
export function requireLeadRole(rules: Pick<Rules, "roles" | "reps">, userId: string, role: LeadRole): void {
  if (!hasLeadRole(rules, userId, role)) throw new RefusedError(ROLE_REFUSALS[role], "no_role");
}

/** Lead data is personal data: only people LeadOps knows (reps, managers, marketing) may read it. */
export function requireMember(rules: Pick<Rules, "roles" | "reps">, userId: string): void {
  requireLeadRole(rules, userId, "member");
}

/** Stages after which nobody works the lead any more. */
export const CLOSED_STAGES = ["customer", "disqualified", "nurture"] as const;

export function isClosed(lead: { stage: string; lostAt: Date | null }): boolean {
  return (CLOSED_STAGES as readonly string[]).includes(lead.stage) || lead.lostAt !== null;
}

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
 * a manager. `allowUnowned` lets any rep act on a lead nobody owns (qualifying from
 * `/leads qualify`). Throws the refusal the actor sees.
 */
export function checkLeadActor(opts: {
  lead: GuardedLead;
  rules: Pick<Rules, "roles" | "reps">;
  actor: string;
  allowUnowned?: boolean | undefined;
  allowClosed?: boolean | undefined;
}): void {
  const { lead, actor } = opts;
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
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
