// Contacted: records the first response; the post shows "contacted by … (first response in …)".
import { recordContact } from "../../../flows/record-contact.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import { replyPrivately } from "../../reply.ts";
import type { SlackDeps } from "../deps.ts";
import { blockActionBody, leadIdOf } from "../payloads.ts";
import type { ActionArgs } from "../types.ts";

export function contactedAction(deps: SlackDeps) {
  return async ({ ack, body, client, respond }: ActionArgs): Promise<void> => {
    await ack();
    const action = blockActionBody.parse(body);
    const result = await recordContact({ ctx: deps.ctx, leadId: leadIdOf(action), actor: action.user.id });
    deps.wakeOutbox();
    if (!result.changed)
      await replyPrivately(client, body, buildConfirmation("This lead was already marked contacted."), {
        respond,
      });
  };
}
