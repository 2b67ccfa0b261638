// "Why this score?" (App Home, `/leads find` results): the lead's score receipt, privately. From a
// message (find results) it is an ephemeral reply through the click's response_url; App Home has
// no channel to reply in, so there it opens in a modal.
import { showScoreReceipt } from "../../../flows/show-score-receipt.ts";
import { buildScoreReceiptModal } from "../../blocks/receipt.ts";
import { scoreReceiptMessage } from "../../render/score-receipt.ts";
import { replyPrivately } from "../../reply.ts";
import type { SlackDeps } from "../deps.ts";
import { blockActionBody, leadIdOf } from "../payloads.ts";
import type { ActionArgs } from "../types.ts";

export function whyScoreAction(deps: SlackDeps) {
  return async ({ ack, body, client, respond }: ActionArgs): Promise<void> => {
    await ack();
    const action = blockActionBody.parse(body);
    const { lead, entries } = await showScoreReceipt({
      ctx: deps.ctx,
      actor: action.user.id,
      leadId: leadIdOf(action),
    });
    const receipt = scoreReceiptMessage(deps.ctx, lead, entries, deps.ctx.now());
    if (action.response_url || !action.trigger_id) {
      await replyPrivately(client, body, receipt, { respond });
      return;
    }
    await client.views.open({ trigger_id: action.trigger_id, view: buildScoreReceiptModal(receipt) });
  };
}
