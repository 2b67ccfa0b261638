// hot_lead_post: the lead in the hot channel with Claim. Several waiting for one channel go out
// as one message (Slack allows about one message per second per channel), each lead with its own
// Claim button or, if it already has an owner, its state; the builder says how many fit in 50
// blocks and the rest wait for the next slot.
import type { AppContext } from "../../context.ts";
import { readLeadForNotice } from "../../store/leads/read-lead-for-notice.ts";
import { buildLeadStatusMessage } from "../blocks/claimed.ts";
import { buildCombinedHotLeadPost, buildHotLeadPost } from "../blocks/hot-lead.ts";
import type { SlackMessage } from "../blocks/types.ts";
import { buildCombinedStatusPost, type CombinedEntry } from "./combined-status.ts";
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
 * Renders the rows waiting for one channel as one message: leads still waiting for a claim with
 * their Claim buttons; a lead that got an owner (or an outcome) while its post waited shows its
 * current state instead (a Claim button would be a lie by then). After an outage a backlog of
 * such leads used to go out one message per lead, one channel slot (a second or more) apart:
 * 100 hot leads took two minutes to reach the channel. Rows that do not fit in Slack's 50
 * blocks wait for the next slot.
 */
export async function renderHotBatch(rc: RenderContext, rows: OutboxRow[]): Promise<HotBatch> {
  const batch: HotBatch = { message: null, included: [], deferred: [], skipped: [] };
  const entries: { row: OutboxRow; entry: CombinedEntry }[] = [];
  for (const row of rows) {
    const leadId = leadIdOf(row);
    const lead = leadId ? await readLeadForNotice({ db: rc.ctx.db, leadId }) : null;
    if (!lead || lead.forgottenAt) {
      batch.skipped.push({ row, reason: "the lead no longer exists" });
      continue;
    }
    const status = leadStatus(lead, row.payload);
    // A released lead is up for a claim again.
    const open = status === null || status.state === "released";
    entries.push({
      row,
      entry: { lead: leadVM(rc.ctx, lead, rc.now), status: open ? null : status, current: true },
    });
  }
  if (entries.length === 0) return batch;
  const only = entries.length === 1 ? entries[0] : undefined;
  let included: number;
  if (only) {
    batch.message = only.entry.status
      ? buildLeadStatusMessage(only.entry.lead, only.entry.status)
      : buildHotLeadPost(only.entry.lead);
    included = 1;
  } else if (entries.every((e) => e.entry.status === null)) {
    const combined = buildCombinedHotLeadPost(entries.map((e) => e.entry.lead));
    batch.message = combined.message;
    included = combined.included;
  } else {
    const combined = buildCombinedStatusPost(entries.map((e) => e.entry));
    batch.message = combined.message;
    included = combined.included;
  }
  for (const e of entries.slice(0, included)) batch.included.push({ row: e.row, leadId: e.entry.lead.id });
  batch.deferred.push(...entries.slice(included).map((e) => e.row));
  return batch;
}
