// `/leads find <email or name>`.
import { findLeads } from "../../../domain/leads/find-leads.ts";
import { requireMember } from "../../../domain/roles.ts";
import { buildFindResults } from "../../blocks/commands.ts";
import type { Subcommand } from "./types.ts";

export const find: Subcommand = async ({ deps, args, cmd }) => {
  requireMember(deps.ctx.rules, cmd.user_id);
  const { results, more } = await findLeads({ ctx: deps.ctx, query: args });
  return buildFindResults(args, results, more);
};
