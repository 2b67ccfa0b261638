// `/leads mine`: the caller's open leads with age and SLA state.
import { listMyLeads } from "../../../store/leads/list-my-leads.ts";
import { buildMineList } from "../../blocks/commands.ts";
import type { Subcommand } from "./types.ts";

export const mine: Subcommand = async ({ deps, cmd }) => {
  const leads = await listMyLeads({ ctx: deps.ctx, userId: cmd.user_id });
  return buildMineList(leads.map((l) => ({ ...l, name: l.name ?? l.email })));
};
