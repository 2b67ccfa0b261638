// Qualify (on the post, in a DM or on App Home): opens the qualification modal (CHAMP by default).
import { openQualification } from "../../../flows/submit-qualification.ts";
import { qualificationModal } from "../../render/qualification-modal.ts";
import type { SlackDeps } from "../deps.ts";
import { blockActionBody, leadIdOf } from "../payloads.ts";
import type { ActionArgs } from "../types.ts";

export function qualifyAction(deps: SlackDeps) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const action = blockActionBody.parse(body);
    const form = await openQualification({ ctx: deps.ctx, actor: action.user.id, ref: leadIdOf(action) });
    if (!action.trigger_id) throw new Error("block action without trigger_id");
    await client.views.open({ trigger_id: action.trigger_id, view: qualificationModal(form) });
  };
}
