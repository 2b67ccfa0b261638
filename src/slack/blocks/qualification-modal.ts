// The qualification modal (CHAMP by default) built from a framework definition: frameworks are
// data, so BANT or MEDDIC need no new code here.
import type { InputBlockElement, KnownBlock, ModalView } from "@slack/types";
import { escapeTruncate, LIMITS } from "../escape.ts";
import { BLOCK, qualFieldBlockId, VIEW } from "../ids.ts";
import { context, label, leadName, option } from "./common.ts";
import { input, modal } from "./modal.ts";
import type { FrameworkFieldVM, FrameworkVM, LeadSummaryVM, ModalMetadata } from "./types.ts";

export interface QualificationModalVM {
  framework: FrameworkVM;
  lead: Pick<LeadSummaryVM, "id" | "name" | "email" | "company">;
  /** Where the lead message lives, so the submission can update it. */
  channel?: string | null;
  ts?: string | null;
  /** Earlier answers by field id (option value or text), and earlier notes. */
  initial?: Record<string, string>;
  initialNotes?: string | null;
}

function fieldElement(field: FrameworkFieldVM, initial: string | undefined): InputBlockElement {
  if (field.type === "select") {
    const options = (field.options ?? []).slice(0, LIMITS.selectOptions).map((o) => option(o.value, o.label));
    const chosen = options.find((o) => o.value === initial);
    return {
      type: "static_select",
      placeholder: label("Choose…", LIMITS.placeholder),
      options,
      ...(chosen ? { initial_option: chosen } : {}),
    };
  }
  return {
    type: "plain_text_input",
    multiline: true,
    max_length: 3000,
    ...(initial ? { initial_value: initial.slice(0, 3000) } : {}),
  };
}

/** Slack rejects a select with no options, so such a field falls back to text. */
function usable(field: FrameworkFieldVM): FrameworkFieldVM {
  return field.type === "select" && (field.options ?? []).length === 0 ? { ...field, type: "text" } : field;
}

export function buildQualificationModal(vm: QualificationModalVM): ModalView {
  const metadata: ModalMetadata = {
    leadId: vm.lead.id,
    channel: vm.channel ?? null,
    ts: vm.ts ?? null,
    frameworkId: vm.framework.id,
  };
  const blocks: KnownBlock[] = [
    context(`Qualifying *${leadName(vm.lead)}* with ${escapeTruncate(vm.framework.name, 50)}`),
  ];
  // Notes is a fixed extra input; a framework field that is itself "notes" would clash with it.
  for (const raw of vm.framework.fields.filter((f) => f.id !== "notes").slice(0, LIMITS.viewBlocks - 2)) {
    const field = usable(raw);
    blocks.push(
      input({
        blockId: qualFieldBlockId(field.id),
        label: field.label,
        element: fieldElement(field, vm.initial?.[field.id]),
        optional: !field.required,
        hint: field.hint ?? null,
      }),
    );
  }
  blocks.push(
    input({
      blockId: BLOCK.qualNotes,
      label: "Notes",
      element: {
        type: "plain_text_input",
        multiline: true,
        max_length: 3000,
        ...(vm.initialNotes ? { initial_value: vm.initialNotes.slice(0, 3000) } : {}),
      },
      optional: true,
      hint: "What you learned on the call; kept with the lead's history.",
    }),
  );
  return modal({
    callbackId: VIEW.champ,
    title: `${vm.framework.name} qualification`,
    blocks,
    metadata,
    submit: "Save",
  });
}
