// Claim on a hot-lead post. The winner sees the post update in place (outbox); every loser's
// AlreadyClaimedError becomes a private "<@U…> already claimed this lead" in app.error.
import { claimLead } from "../../../flows/claim-lead.ts";
import type { SlackDeps } from "../deps.ts";
import { blockActionBody, leadIdOf } from "../payloads.ts";
import type { ActionArgs } from "../types.ts";

export function claimAction(deps: SlackDeps) {
  return async ({ ack, body }: ActionArgs): Promise<void> => {
    await ack();
    const action = blockActionBody.parse(body);
    await claimLead({ ctx: deps.ctx, leadId: leadIdOf(action), actor: action.user.id });
    deps.wakeOutbox();
  };
}
