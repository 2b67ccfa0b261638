// App Home: published fresh each time the user opens it (and after the availability toggle).
import type { WebClient } from "@slack/web-api";
import { readHome } from "../../../store/reps/read-home.ts";
import { homeView } from "../../render/home.ts";
import type { SlackDeps } from "../deps.ts";
import { appHomeOpenedEvent } from "../payloads.ts";
import type { HomeOpenedArgs } from "../types.ts";

export function appHomeOpened(deps: SlackDeps) {
  return async ({ event, client }: HomeOpenedArgs): Promise<void> => {
    const e = appHomeOpenedEvent.parse(event);
    // The Messages tab opens this event too; only the Home tab has something to publish.
    if (e.tab !== undefined && e.tab !== "home") return;
    await publishHome(deps, client, e.user);
  };
}

export async function publishHome(deps: SlackDeps, client: WebClient, userId: string): Promise<void> {
  const data = await readHome({ ctx: deps.ctx, userId });
  await client.views.publish({ user_id: userId, view: homeView(data) });
}
