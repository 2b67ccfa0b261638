// `/leads reassign <lead email or id> <@rep> <reason>`: managers only (CONTRACT.md).

import { ValidationError } from "../../../core/errors.ts";
import { requireManager } from "../../../core/roles.ts";
import { reassignLead } from "../../../flows/reassign-lead.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import { leadIdFromRef, unwrapMailto } from "./lead-ref.ts";
import type { Subcommand } from "./types.ts";

const USAGE = "Usage: `/leads reassign <lead email or id> <@rep> <reason>`";

export function parseReassign(args: string): { ref: string; to: string; reason: string } {
  const m =
    /^(\S+)\s+<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*(.*)$/s.exec(args.trim()) ??
    /^(\S+)\s+@?([UW][A-Z0-9]{2,})\s*(.*)$/s.exec(args.trim());
  if (!m) throw new ValidationError(USAGE);
  return { ref: unwrapMailto(m[1] ?? ""), to: m[2] ?? "", reason: (m[3] ?? "").trim() };
}

export const reassign: Subcommand = async ({ deps, cmd, args }) => {
  requireManager(deps.ctx.rules, cmd.user_id);
  const { ref, to, reason } = parseReassign(args);
  const leadId = await leadIdFromRef(deps, ref, USAGE);
  await reassignLead({ ctx: deps.ctx, leadId, toSlackId: to, actor: cmd.user_id, reason });
  deps.wakeOutbox();
  return buildConfirmation(`Reassigned to <@${to}>; both reps are told.`);
};
