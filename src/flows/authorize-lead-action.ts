// The check every owner action (Contacted, Qualify, Won, Lost, Release, Nurture) starts with: the
// actor is a rep or a manager (before the lead is read, so anyone else is told the same whether
// the lead exists or not), the lead exists, and the actor is its owner or a manager
// (core/roles.ts checkLeadActor). With `lock`, the lead row stays locked for the rest of the
// caller's transaction.

import type { Rules } from "../config/rules.ts";
import type { AppContext } from "../context.ts";
import { NotFoundError } from "../core/errors.ts";
import { checkLeadActor, type GuardedLead, isUuid, requireLeadRole } from "../core/roles.ts";
import type { Tx } from "../store/db.ts";
import { readGuardedLead } from "../store/leads/read-guarded-lead.ts";

export async function authorizeLeadAction(opts: {
  tx: Tx;
  rules: Pick<Rules, "roles" | "reps">;
  actor: string;
  leadId: string;
  lock?: boolean;
  allowUnowned?: boolean;
  allowClosed?: boolean;
}): Promise<GuardedLead> {
  requireLeadRole(opts.rules, opts.actor, "worker");
  if (!isUuid(opts.leadId)) throw new NotFoundError("That lead no longer exists.");
  const lead = await readGuardedLead(opts.tx, opts.leadId, { lock: opts.lock === true });
  if (!lead) throw new NotFoundError("That lead no longer exists.");
  checkLeadActor({ ...opts, lead });
  return lead;
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
  return opts.ctx.db.transaction((tx) =>
    authorizeLeadAction({ tx, rules: opts.ctx.rules, actor: opts.actor, leadId: opts.leadId }),
  );
}
