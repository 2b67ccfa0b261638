// `/leads mine`: the caller's open leads with age and SLA state. Members only, like every command
// that reads leads: someone taken out of leadops.yml no longer sees the leads they held.
import { requireMember } from "../../../core/roles.ts";
import { listMyLeads } from "../../../store/leads/list-my-leads.ts";
import { buildMineList } from "../../blocks/commands.ts";
import type { Subcommand } from "./types.ts";

export const mine: Subcommand = async ({ deps, cmd }) => {
  requireMember(deps.ctx.rules, cmd.user_id);
  const leads = await listMyLeads({ ctx: deps.ctx, userId: cmd.user_id });
  return buildMineList(leads.map((l) => ({ ...l, name: l.name ?? l.email })));
};
