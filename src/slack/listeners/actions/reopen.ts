// Reopen, on a lost lead's post: a manager brings the lead back; it is routed again.
import { reopenLead } from "../../../flows/reopen-lead.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import { replyPrivately } from "../../reply.ts";
import type { SlackDeps } from "../deps.ts";
import { blockActionBody, leadIdOf } from "../payloads.ts";
import type { ActionArgs } from "../types.ts";

export function reopenAction(deps: SlackDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const action = blockActionBody.parse(body);
    const reopened = await reopenLead({ ctx: deps.ctx, leadId: leadIdOf(action), actor: action.user.id });
    deps.wakeOutbox();
    const where = reopened.ownerSlackId
      ? `assigned to <@${reopened.ownerSlackId}>`
      : "routed again (posted for a claim or waiting for a rep)";
    await replyPrivately(client, body, buildConfirmation(`Reopened as ${reopened.stage}: ${where}.`));
  };
}
