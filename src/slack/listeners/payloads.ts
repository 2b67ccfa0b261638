// zod shapes of the Slack payload parts the listeners read. Only what we use is required; Slack
// adds fields freely, so objects pass unknown keys through.
import { z } from "zod";
import { ValidationError } from "../../core/errors.ts";

export const blockActionBody = z.object({
  type: z.literal("block_actions"),
  user: z.object({ id: z.string().min(1) }),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  channel: z.object({ id: z.string() }).optional(),
  container: z.object({ type: z.string().optional(), message_ts: z.string().optional() }).optional(),
  view: z.object({ type: z.string().optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});
export type BlockActionBody = z.infer<typeof blockActionBody>;

/** The lead id a lead button carries in `value`. */
export function leadIdOf(body: BlockActionBody): string {
  const value = body.actions[0]?.value;
  if (!value)
    throw new ValidationError("This button does not name a lead", [
      { field: "actions.0.value", message: "empty" },
    ]);
  return value;
}

const stateValue = z.object({
  type: z.string().optional(),
  value: z.string().nullable().optional(),
  selected_option: z
    .object({ value: z.string(), text: z.object({ text: z.string() }).optional() })
    .nullable()
    .optional(),
  selected_date: z.string().nullable().optional(),
});
export type StateValue = z.infer<typeof stateValue>;

export const viewSubmissionBody = z.object({
  type: z.literal("view_submission"),
  user: z.object({ id: z.string().min(1) }),
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string().optional(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValue)) }),
  }),
});
export type ViewSubmissionBody = z.infer<typeof viewSubmissionBody>;

/** The single input of a block (ACTION.input), as text: typed value, chosen option or date. */
export function inputText(body: ViewSubmissionBody, blockId: string): string {
  const block = body.view.state.values[blockId];
  const v = block ? Object.values(block)[0] : undefined;
  return (v?.selected_option?.value ?? v?.selected_date ?? v?.value ?? "").trim();
}

export function inputLabel(body: ViewSubmissionBody, blockId: string): string | null {
  const block = body.view.state.values[blockId];
  const v = block ? Object.values(block)[0] : undefined;
  return v?.selected_option?.text?.text ?? null;
}

export const commandBody = z.object({
  command: z.string(),
  text: z.string().default(""),
  user_id: z.string().min(1),
  channel_id: z.string().optional(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
});
export type CommandBody = z.infer<typeof commandBody>;

export const appHomeOpenedEvent = z.object({
  type: z.literal("app_home_opened"),
  user: z.string().min(1),
  tab: z.string().optional(),
});
