// Alerts counted instead of sent one by one: a bulk run's summary for marketing (a rescore or an
// import: "142 leads crossed to warm, 12 to hot") and, for the managers, how many alerts were
// dropped because they waited too long to reach Slack (an outage).
import { addToTally, describeTally, emptyTally } from "../../core/alerts/alert-crossings.ts";
import { readLeadLabels } from "../../store/leads/read-lead-labels.ts";
import { context, message, section } from "../blocks/common.ts";
import { buildAlertSummary } from "../blocks/marketing.ts";
import type { AlertSummaryVM, SlackMessage } from "../blocks/types.ts";
import { channelLink } from "../escape.ts";
import { alertCrossingsOf, alertMove } from "./alert-move.ts";
import { managersChannel, marketingChannel } from "./channel-notices.ts";
import { displayName } from "./lead-data.ts";
import type { OutboxRow, RenderContext, Renderer } from "./types.ts";

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

const SOURCE: Record<string, string> = { rescore: "Rescore", import: "Import" };

/** The listed leads as the summary shows them now (gone or forgotten ones left out). */
export async function summaryLeads(
  rc: RenderContext,
  ids: readonly string[],
): Promise<AlertSummaryVM["leads"]> {
  const labels = await readLeadLabels(rc.ctx.db, ids);
  return ids.flatMap((id) => {
    const l = labels.get(id);
    if (!l) return [];
    const score = { fit: 0, engagement: 0, total: l.totalScore, grade: l.grade };
    return [
      { lead: { id, name: displayName(l), email: l.email, company: l.company, stage: l.stage, score } },
    ];
  });
}

/**
 * Many threshold alerts for one channel as one message (a busy minute): what they add up to, and
 * each lead's latest move, listed up to Slack's block limit.
 */
export async function renderAlertBatch(rc: RenderContext, rows: readonly OutboxRow[]): Promise<SlackMessage> {
  const tally = emptyTally();
  const latest = new Map<string, OutboxRow>();
  for (const row of rows) {
    const leadId = row.leadId ?? (typeof row.payload.leadId === "string" ? row.payload.leadId : null);
    if (!leadId) continue;
    addToTally(tally, leadId, alertCrossingsOf(row.payload));
    latest.delete(leadId);
    latest.set(leadId, row);
  }
  const listed = await summaryLeads(rc, [...latest.keys()].slice(0, 48));
  const n = rows.length;
  return buildAlertSummary({
    title: `${n} threshold alert${n === 1 ? "" : "s"} at once: ${describeTally(tally.counts)}`,
    leads: listed.map((l) => {
      const row = latest.get(l.lead.id) as OutboxRow;
      const { from, to } = alertMove(row.payload, {
        grade: String(l.lead.score.grade),
        stage: String(l.lead.stage),
      });
      return { ...l, from, to };
    }),
    total: latest.size,
    note: "Sent as one message: more alerts than `alerts.batchPerMinute` came for this channel within a minute.",
  });
}

export const renderCrossingSummary: Renderer = async (rc, row) => {
  const channel = marketingChannel(rc, row);
  if (!channel) return { action: "skip", reason: "channels.marketing is not configured" };
  const p = row.payload;
  const counts = Object.fromEntries(
    Object.entries((p.counts ?? {}) as Record<string, unknown>).map(([k, v]) => [k, num(v)]),
  );
  const source = typeof p.source === "string" ? (SOURCE[p.source] ?? p.source) : "Update";
  return {
    action: "post",
    channel,
    message: buildAlertSummary({
      title: `${source}: ${describeTally(counts)}`,
      leads: await summaryLeads(rc, strings(p.sample)),
      total: num(p.leads),
      note: "One summary for the whole run instead of an alert per lead; each lead's history keeps its crossings.",
    }),
  };
};

export const renderAlertsDropped: Renderer = async (rc, row) => {
  const channel = managersChannel(rc, row);
  if (!channel) return { action: "skip", reason: "no managers channel or manager configured" };
  const marketing = rc.ctx.rules.channels.marketing;
  return {
    action: "post",
    channel,
    message: buildAlertsDropped({
      count: num(row.payload.count),
      minutes: num(row.payload.staleAfterMinutes),
      marketing: marketing ?? null,
    }),
  };
};

/** Builder (pure): alerts that waited past `alerts.staleAfterMinutes` were not sent. */
export function buildAlertsDropped(vm: {
  count: number;
  minutes: number;
  marketing: string | null;
}): SlackMessage {
  const n = `${vm.count} threshold alert${vm.count === 1 ? "" : "s"}`;
  const where = vm.marketing ? ` for ${channelLink(vm.marketing)}` : "";
  const text = `${n}${where} dropped: older than ${vm.minutes} min when Slack could take them`;
  return message(text, [
    section(`:warning: *${n}${where} dropped as stale*`),
    context(
      `They waited more than ${vm.minutes} minutes to reach Slack (an outage, or the app was stopped), so they were not posted late. Every crossing is still in the leads' histories.`,
    ),
  ]);
}
