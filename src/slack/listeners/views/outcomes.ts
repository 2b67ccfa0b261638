// Won, Lost and Nurture modal submissions: checked before the ack (inline errors), stored after.
// Won's check reads the lead's creation time and the rep's time zone (prepareWon): the close date
// is a day in the rep's zone, and one before the lead was created is refused on its block.
import { markLost } from "../../../flows/mark-lost.ts";
import { markWon } from "../../../flows/mark-won.ts";
import { nurtureLead } from "../../../flows/nurture-lead.ts";
import { prepareWon } from "../../../flows/prepare-won.ts";
import { decodeModalMetadata } from "../../blocks/modal.ts";
import { BLOCK } from "../../ids.ts";
import type { SlackDeps } from "../deps.ts";
import { inputLabel, inputText, viewSubmissionBody } from "../payloads.ts";
import type { ViewArgs } from "../types.ts";

const STALE = "This form is out of date; open it again.";

export function wonSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: ViewArgs): Promise<void> => {
    const s = viewSubmissionBody.parse(body);
    const meta = decodeModalMetadata(s.view.private_metadata);
    if (!meta) return void (await ack({ response_action: "errors", errors: { [BLOCK.wonAmount]: STALE } }));
    const rawAmount = inputText(s, BLOCK.wonAmount);
    const { input, problems } = await prepareWon({
      ctx: deps.ctx,
      leadId: meta.leadId,
      actor: s.user.id,
      amount: rawAmount === "" ? Number.NaN : Number(rawAmount),
      currency: inputText(s, BLOCK.wonCurrency),
      closeDate: inputText(s, BLOCK.wonCloseDate),
    });
    if (problems.length > 0) {
      const block = { amount: BLOCK.wonAmount, currency: BLOCK.wonCurrency, closedAt: BLOCK.wonCloseDate };
      await ack({
        response_action: "errors",
        errors: Object.fromEntries(problems.map((p) => [block[p.field], p.message])),
      });
      return;
    }
    await ack();
    await markWon({
      ctx: deps.ctx,
      leadId: meta.leadId,
      actor: s.user.id,
      input,
      expect: meta.again ? "buy-again" : "win",
    });
    deps.wakeOutbox();
  };
}

export function lostSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: ViewArgs): Promise<void> => {
    const s = viewSubmissionBody.parse(body);
    const meta = decodeModalMetadata(s.view.private_metadata);
    if (!meta) return void (await ack({ response_action: "errors", errors: { [BLOCK.lostReason]: STALE } }));
    const reason = inputLabel(s, BLOCK.lostReason) ?? inputText(s, BLOCK.lostReason);
    if (reason === "")
      return void (await ack({
        response_action: "errors",
        errors: { [BLOCK.lostReason]: "Choose a reason" },
      }));
    await ack();
    await markLost({
      ctx: deps.ctx,
      leadId: meta.leadId,
      actor: s.user.id,
      reason,
      detail: inputText(s, BLOCK.lostDetail),
    });
    deps.wakeOutbox();
  };
}

export function nurtureSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: ViewArgs): Promise<void> => {
    const s = viewSubmissionBody.parse(body);
    const meta = decodeModalMetadata(s.view.private_metadata);
    if (!meta)
      return void (await ack({ response_action: "errors", errors: { [BLOCK.nurtureReason]: STALE } }));
    const reason = inputText(s, BLOCK.nurtureReason);
    if (reason.length < 3 || reason.length > 1000) {
      await ack({
        response_action: "errors",
        errors: { [BLOCK.nurtureReason]: "Give a reason of 3 to 1000 characters" },
      });
      return;
    }
    await ack();
    await nurtureLead({ ctx: deps.ctx, leadId: meta.leadId, actor: s.user.id, reason });
    deps.wakeOutbox();
  };
}
