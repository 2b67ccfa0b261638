// `/leads simulate <email or JSON>`: scoring, segments and routing without saving. The composed
// simulate function (issue 3/6) is not there yet, so this says so instead of guessing.
import { buildPrivateNotice } from "../../render/refusal.ts";
import type { Subcommand } from "./types.ts";

export const simulate: Subcommand = async () =>
  buildPrivateNotice(
    "`/leads simulate` is not available yet; `npx leadops simulate <lead.json>` will be.",
    ":construction:",
  );
