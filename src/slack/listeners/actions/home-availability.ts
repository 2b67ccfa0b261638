// The Away / Back toggle on App Home; the Home view is re-published with the new state.
import { setAvailability } from "../../../flows/set-availability.ts";
import type { SlackDeps } from "../deps.ts";
import { publishHome } from "../events/app-home-opened.ts";
import { blockActionBody } from "../payloads.ts";
import type { ActionArgs } from "../types.ts";

export function homeAvailabilityAction(deps: SlackDeps, state: "away" | "back" | "refresh") {
  return async ({ ack, body, client }: ActionArgs): Promise<void> => {
    await ack();
    const action = blockActionBody.parse(body);
    if (state !== "refresh")
      await setAvailability({ ctx: deps.ctx, actor: action.user.id, change: { state } });
    await publishHome(deps, client, action.user.id);
  };
}
