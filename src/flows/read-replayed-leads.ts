// The leads that deliveries already accepted stored, by replay key: a route whose work before
// storing is costly (Facebook asks the Graph API for each lead) answers a replay from these
// instead of doing it again. Read only; the capture's own transaction still decides (a replay
// that slips past here is caught by screen-replays.ts).
import type { AppContext } from "../context.ts";
import { type LeadSummary, readLeadSummary } from "../store/leads/lead-summary.ts";
import { summaryOnly } from "./record-event.ts";
import { findReplays } from "./screen-replays.ts";

export async function readReplayedLeads(opts: {
  ctx: Pick<AppContext, "db">;
  keys: string[];
}): Promise<Map<string, LeadSummary>> {
  if (opts.keys.length === 0) return new Map();
  return opts.ctx.db.transaction(async (tx) => {
    const out = new Map<string, LeadSummary>();
    for (const [key, leadId] of await findReplays(tx, opts.keys)) {
      out.set(key, summaryOnly(await readLeadSummary(tx, leadId)));
    }
    return out;
  });
}
