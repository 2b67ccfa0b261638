// Won, Lost and Nurture open a modal; the owner (or a manager) is checked first so a refused
// user is told at once rather than after filling the form in.
import { checkLeadAction } from "../../../flows/authorize-lead-action.ts";
import { checkWon } from "../../../flows/mark-won.ts";
import { buildLostModal, buildNurtureModal, buildWonModal } from "../../blocks/outcome-modals.ts";
import type { SlackDeps } from "../deps.ts";
import { blockActionBody, leadIdOf } from "../payloads.ts";
import type { ActionArgs } from "../types.ts";

type Which = "won" | "lost" | "nurture";

export function outcomeModalAction(deps: SlackDeps, which: Which) {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const action = blockActionBody.parse(body);
    const who = { ctx: deps.ctx, actor: action.user.id, leadId: leadIdOf(action) };
    // Won also opens on a customer's post ("Won again": another purchase).
    const lead = which === "won" ? await checkWon(who) : await checkLeadAction(who);
    if (!action.trigger_id) throw new Error("block action without trigger_id");
    const vm = {
      lead: { id: lead.id, name: lead.name, email: lead.email, company: lead.company },
      channel: lead.slackChannel,
      ts: lead.slackTs,
    };
    const view =
      which === "won"
        ? buildWonModal({
            ...vm,
            today: deps.ctx.now().toISOString().slice(0, 10),
            again: lead.stage === "customer",
          })
        : which === "lost"
          ? buildLostModal(vm)
          : buildNurtureModal(vm);
    await client.views.open({ trigger_id: action.trigger_id, view });
  };
}
