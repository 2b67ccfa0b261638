// `/leads find <email or name>`.

import { requireMember } from "../../../core/roles.ts";
import { findLeads } from "../../../store/leads/find-leads.ts";
import { buildFindResults } from "../../blocks/commands.ts";
import type { Subcommand } from "./types.ts";

export const find: Subcommand = async ({ deps, args, cmd }) => {
  requireMember(deps.ctx.rules, cmd.user_id);
  const { results, more } = await findLeads({ ctx: deps.ctx, query: args });
  return buildFindResults(args, results, more);
};
