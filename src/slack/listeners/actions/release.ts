// Release: the owner gives the lead back; it is re-posted for someone else to claim.
import { releaseLead } from "../../../flows/release-lead.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import { replyPrivately } from "../../reply.ts";
import type { SlackDeps } from "../deps.ts";
import { blockActionBody, leadIdOf } from "../payloads.ts";
import type { ActionArgs } from "../types.ts";

export function releaseAction(deps: SlackDeps) {
  return async ({ ack, body, client, respond }: ActionArgs): Promise<void> => {
    await ack();
    const action = blockActionBody.parse(body);
    await releaseLead({ ctx: deps.ctx, leadId: leadIdOf(action), actor: action.user.id });
    deps.wakeOutbox();
    await replyPrivately(
      client,
      body,
      buildConfirmation("Released: the lead is posted again for someone else to claim."),
      { respond },
    );
  };
}
