// `/leads qualify <lead email or id>`: opens the qualification modal.
import { ValidationError } from "../../../core/errors.ts";
import { openQualification } from "../../../flows/submit-qualification.ts";
import { qualificationModal } from "../../render/qualification-modal.ts";
import type { Subcommand } from "./types.ts";

export const qualify: Subcommand = async ({ deps, cmd, args, client }) => {
  if (args === "") throw new ValidationError("Say which lead: `/leads qualify <lead email or id>`");
  const form = await openQualification({ ctx: deps.ctx, actor: cmd.user_id, ref: args });
  if (!cmd.trigger_id) throw new Error("slash command without trigger_id");
  await client.views.open({ trigger_id: cmd.trigger_id, view: qualificationModal(form) });
  return null;
};
