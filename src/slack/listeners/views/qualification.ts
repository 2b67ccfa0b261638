// The qualification modal's submission. Answers are checked against the framework before the
// ack, so problems show inline on their fields (`response_action: "errors"`); the valid ones are
// stored after it.
import { checkQualification, submitQualification } from "../../../flows/submit-qualification.ts";
import { decodeModalMetadata } from "../../blocks/modal.ts";
import { BLOCK, fieldIdFromBlockId, qualFieldBlockId } from "../../ids.ts";
import type { SlackDeps } from "../deps.ts";
import { inputText, viewSubmissionBody } from "../payloads.ts";
import type { ViewArgs } from "../types.ts";

export function qualificationSubmitted(deps: SlackDeps) {
  return async ({ ack, body }: ViewArgs): Promise<void> => {
    const submission = viewSubmissionBody.parse(body);
    const meta = decodeModalMetadata(submission.view.private_metadata);
    if (!meta) {
      await ack({
        response_action: "errors",
        errors: { [BLOCK.qualNotes]: "This form is out of date; open it again." },
      });
      return;
    }
    const answers: Record<string, string> = {};
    for (const blockId of Object.keys(submission.view.state.values)) {
      const field = fieldIdFromBlockId(blockId);
      if (field) answers[field] = inputText(submission, blockId);
    }
    const notes = inputText(submission, BLOCK.qualNotes);
    const { result } = checkQualification({ ctx: deps.ctx, frameworkId: meta.frameworkId, answers, notes });
    if (!result.ok) {
      const errors: Record<string, string> = {};
      for (const e of result.errors) {
        const blockId = e.field === "notes" ? BLOCK.qualNotes : qualFieldBlockId(e.field);
        // A field the modal does not show (the rules changed while it was open) is reported on Notes.
        const target = blockId in submission.view.state.values ? blockId : BLOCK.qualNotes;
        errors[target] = errors[target] ? `${errors[target]}; ${e.message}` : e.message;
      }
      await ack({ response_action: "errors", errors });
      return;
    }
    await ack();
    await submitQualification({
      ctx: deps.ctx,
      actor: submission.user.id,
      leadId: meta.leadId,
      frameworkId: meta.frameworkId,
      answers,
      notes,
    });
    deps.wakeOutbox();
  };
}
