// `/leads reassign <lead email or id> <@rep> <reason>`: managers only (CONTRACT.md).
import { reassignLead } from "../../../domain/assignment/reassign-lead.ts";
import { ValidationError } from "../../../domain/errors.ts";
import { findLeads } from "../../../domain/leads/find-leads.ts";
import { isUuid, requireManager } from "../../../domain/roles.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import type { Subcommand } from "./types.ts";

const USAGE = "Usage: `/leads reassign <lead email or id> <@rep> <reason>`";

export function parseReassign(args: string): { ref: string; to: string; reason: string } {
  const m =
    /^(\S+)\s+<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s*(.*)$/s.exec(args.trim()) ??
    /^(\S+)\s+@?([UW][A-Z0-9]{2,})\s*(.*)$/s.exec(args.trim());
  if (!m) throw new ValidationError(USAGE);
  const ref = (m[1] ?? "").replace(/^<mailto:([^|>]+)(\|[^>]*)?>$/, "$1");
  return { ref, to: m[2] ?? "", reason: (m[3] ?? "").trim() };
}

export const reassign: Subcommand = async ({ deps, cmd, args }) => {
  requireManager(deps.ctx.rules, cmd.user_id);
  const { ref, to, reason } = parseReassign(args);
  let leadId = ref;
  if (!isUuid(ref)) {
    const { results } = await findLeads({ ctx: deps.ctx, query: ref });
    const exact = results.filter((r) => r.email.toLowerCase() === ref.toLowerCase());
    if (exact.length !== 1)
      throw new ValidationError(`No single lead has the email ${ref.slice(0, 200)}. ${USAGE}`);
    leadId = (exact[0] as { id: string }).id;
  }
  await reassignLead({ ctx: deps.ctx, leadId, toSlackId: to, actor: cmd.user_id, reason });
  deps.wakeOutbox();
  return buildConfirmation(`Reassigned to <@${to}>; both reps are told.`);
};
