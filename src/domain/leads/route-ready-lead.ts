// A sales-ready lead with no owner goes to the routing engine: posted for a claim, assigned,
// or sent to the fallback. IN PROGRESS (issue 6): the transaction around the pure routing
// decision is being written; until it lands a sales-ready lead waits unrouted.

import type { AppContext } from "../../context.ts";
import type { Tx } from "../../db/client.ts";

export interface RouteReadyOptions {
  tx: Tx;
  ctx: Pick<AppContext, "rules" | "rulesHash" | "now">;
  leadId: string;
  segments: string[];
  actor: string;
}

/** Returns the new owner's Slack id when the lead was assigned at once, else undefined. */
export async function routeReadyLead(_options: RouteReadyOptions): Promise<string | null | undefined> {
  return undefined;
}
