// `/leads dispute <lead email or id> <reason>`: a rep who was given the lead calls it junk; the
// managers' channel is told. `/leads approve <dispute id or lead>`: managers only; the lead is
// disqualified and the rep is owed a make-up lead.

import { ValidationError } from "../../../core/errors.ts";
import { requireLeadRole, requireManager } from "../../../core/roles.ts";
import { approveDispute } from "../../../flows/approve-dispute.ts";
import { openDispute } from "../../../flows/open-dispute.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import { leadIdFromRef } from "./lead-ref.ts";
import type { Subcommand } from "./types.ts";

const DISPUTE_USAGE = "Usage: `/leads dispute <lead email or id> <reason>`";
const APPROVE_USAGE = "Usage: `/leads approve <dispute id or lead email or id>`";

export function parseDispute(args: string): { ref: string; reason: string } {
  const m = /^(\S+)\s+(.+)$/s.exec(args.trim());
  if (!m) throw new ValidationError(`Say which lead and why. ${DISPUTE_USAGE}`);
  return { ref: m[1] ?? "", reason: (m[2] ?? "").trim() };
}

export const dispute: Subcommand = async ({ deps, cmd, args }) => {
  // Before the email is looked up: anyone else is told the same whether it is a lead or not.
  requireLeadRole(deps.ctx.rules, cmd.user_id, "rep");
  const { ref, reason } = parseDispute(args);
  const leadId = await leadIdFromRef(deps, ref, DISPUTE_USAGE);
  const { disputeId } = await openDispute({ ctx: deps.ctx, leadId, actor: cmd.user_id, reason });
  deps.wakeOutbox();
  return buildConfirmation(
    `Dispute opened (id ${disputeId}); the managers are told and one of them will decide. The lead stays as it is until then.`,
  );
};

export const approve: Subcommand = async ({ deps, cmd, args }) => {
  // Refuse a rep before looking anything up, so they learn why rather than "no such lead".
  requireManager(deps.ctx.rules, cmd.user_id);
  const ref = args.trim();
  if (ref === "" || /\s/.test(ref)) throw new ValidationError(APPROVE_USAGE);
  // A UUID may be a dispute id or a lead id: approveDispute tells them apart.
  const id = await leadIdFromRef(deps, ref, APPROVE_USAGE);
  const done = await approveDispute({ ctx: deps.ctx, disputeId: id, actor: cmd.user_id });
  deps.wakeOutbox();
  const credit = done.creditedPool
    ? ` and <@${done.repSlackId}> gets a make-up lead in pool ${done.creditedPool}`
    : "";
  return buildConfirmation(`Dispute approved: the lead is disqualified${credit}.`);
};
