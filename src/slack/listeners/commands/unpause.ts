// `/leads unpause <@rep>`: managers only. The rep is back in rotation and the counters that
// paused them start again from 0.

import { ValidationError } from "../../../core/errors.ts";
import { requireManager } from "../../../core/roles.ts";
import { unpauseRep } from "../../../flows/unpause-rep.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import { userIdFromMention } from "./lead-ref.ts";
import type { Subcommand } from "./types.ts";

export const unpause: Subcommand = async ({ deps, cmd, args }) => {
  // Refuse a rep before reading the arguments, so they learn why rather than how to type it.
  requireManager(deps.ctx.rules, cmd.user_id);
  const repSlackId = userIdFromMention(args);
  if (!repSlackId) throw new ValidationError("Say who: `/leads unpause @rep`");
  const { wasPaused } = await unpauseRep({ ctx: deps.ctx, repSlackId, actor: cmd.user_id });
  return buildConfirmation(
    wasPaused
      ? `<@${repSlackId}> is unpaused and receives leads again.`
      : `<@${repSlackId}> was not paused; their missed-claim and SLA-breach counts start again from 0.`,
  );
};
