// hot_lead_post: the lead in the hot channel with Claim. Several waiting for one channel go out
// as one message (Slack allows about one message per second per channel), each lead with its own
// Claim button; the builder says how many fit in 50 blocks and the rest wait for the next slot.
import type { AppContext } from "../../context.ts";
import { readLeadForNotice } from "../../domain/leads/read-lead-for-notice.ts";
import { buildLeadStatusMessage } from "../blocks/claimed.ts";
import { buildCombinedHotLeadPost, buildHotLeadPost } from "../blocks/hot-lead.ts";
import type { HotLeadVM, SlackMessage } from "../blocks/types.ts";
import { leadIdOf, leadStatus, leadVM } from "./lead-data.ts";
import type { OutboxRow, RenderContext } from "./types.ts";

export function hotChannel(ctx: AppContext, row: OutboxRow): string | null {
  return row.channel ?? ctx.rules.channels.hot ?? null;
}

export interface HotBatch {
  /** The message to post, and the rows (leads) it carries. */
  message: SlackMessage | null;
  included: { row: OutboxRow; leadId: string }[];
  /** Did not fit: they wait for the channel's next slot. */
  deferred: OutboxRow[];
  skipped: { row: OutboxRow; reason: string }[];
}

/**
 * Renders the rows waiting for one channel. Leads still waiting for a claim are combined; a lead
 * that got an owner while Slack was unreachable is posted alone with its current state (a Claim
 * button would be a lie by then).
 */
export async function renderHotBatch(rc: RenderContext, rows: OutboxRow[]): Promise<HotBatch> {
  const batch: HotBatch = { message: null, included: [], deferred: [], skipped: [] };
  const claimable: { row: OutboxRow; vm: HotLeadVM }[] = [];
  for (const row of rows) {
    const leadId = leadIdOf(row);
    const lead = leadId ? await readLeadForNotice({ db: rc.ctx.db, leadId }) : null;
    if (!lead || lead.forgottenAt) {
      batch.skipped.push({ row, reason: "the lead no longer exists" });
      continue;
    }
    const status = leadStatus(lead, row.payload);
    if (status && status.state !== "released") {
      // Already handled elsewhere: post it alone (first one only; the rest wait their turn).
      if (batch.message === null && claimable.length === 0) {
        batch.message = buildLeadStatusMessage(leadVM(rc.ctx, lead, rc.now), status);
        batch.included.push({ row, leadId: lead.id });
      } else batch.deferred.push(row);
      continue;
    }
    claimable.push({ row, vm: leadVM(rc.ctx, lead, rc.now) });
  }
  if (batch.message !== null) {
    batch.deferred.push(...claimable.map((c) => c.row));
    return batch;
  }
  if (claimable.length === 1) {
    const only = claimable[0] as { row: OutboxRow; vm: HotLeadVM };
    batch.message = buildHotLeadPost(only.vm);
    batch.included.push({ row: only.row, leadId: only.vm.id });
  } else if (claimable.length > 1) {
    const combined = buildCombinedHotLeadPost(claimable.map((c) => c.vm));
    batch.message = combined.message;
    for (const c of claimable.slice(0, combined.included))
      batch.included.push({ row: c.row, leadId: c.vm.id });
    batch.deferred.push(...claimable.slice(combined.included).map((c) => c.row));
  }
  return batch;
}
