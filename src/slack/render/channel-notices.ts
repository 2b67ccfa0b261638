// Notices for the marketing and managers channels: threshold alerts, nurture notices, SLA
// breaches, the daily digest, leads nobody could take, junk disputes and auto-paused reps.

import { slaTimersFor } from "../../core/routing/decide-sla-actions.ts";
import type { LeadForNotice } from "../../store/leads/read-lead-for-notice.ts";
import { isRepPaused } from "../../store/reps/is-rep-paused.ts";
import { buildReportSummary } from "../blocks/commands.ts";
import { context, leadOneLiner, leadSummaryBlocks, message, owner, section } from "../blocks/common.ts";
import { buildManagerBreachDm } from "../blocks/dm.ts";
import { buildNurtureNotice, buildThresholdAlert } from "../blocks/marketing.ts";
import type { ReportRowVM, SlackMessage } from "../blocks/types.ts";
import { escapeInline, escapeTruncate } from "../escape.ts";
import { alertMove } from "./alert-move.ts";
import { assignmentOf, leadVM, withLead } from "./lead-data.ts";
import type { OutboxRow, RenderContext, Renderer } from "./types.ts";

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

export function marketingChannel(rc: RenderContext, row: OutboxRow): string | null {
  return row.channel ?? rc.ctx.rules.channels.marketing ?? null;
}

/** The managers' channel; without one, the first manager's DM (so a fallback is never silent). */
export function managersChannel(rc: RenderContext, row: OutboxRow): string | null {
  return row.channel ?? rc.ctx.rules.channels.managers ?? rc.ctx.rules.roles.managers[0] ?? null;
}

export const renderThresholdAlert: Renderer = (rc, row) =>
  withLead(rc, row, (lead) => {
    const channel = marketingChannel(rc, row);
    if (!channel) return { action: "skip", reason: "channels.marketing is not configured" };
    return {
      action: "post",
      channel,
      message: buildThresholdAlert({
        lead: leadVM(rc.ctx, lead, rc.now),
        ...alertMove(row.payload, lead),
      }),
    };
  });

export const renderNurtureNotice: Renderer = (rc, row) =>
  withLead(rc, row, (lead) => {
    const channel = marketingChannel(rc, row);
    if (!channel) return { action: "skip", reason: "channels.marketing is not configured" };
    return {
      action: "post",
      channel,
      message: buildNurtureNotice({
        lead: leadVM(rc.ctx, lead, rc.now),
        reason: str(row.payload.reason) ?? lead.nurtureReason ?? "",
        byUserId: str(row.payload.by) ?? "system",
      }),
    };
  });

export const renderSlaBreach: Renderer = (rc, row) =>
  withLead(rc, row, async (lead) => {
    const channel = managersChannel(rc, row);
    if (!channel) return { action: "skip", reason: "no managers channel or manager configured" };
    const a = await assignmentOf(rc, row.payload, lead);
    const timers = slaTimersFor(rc.ctx.rules.sla, a?.route ?? null);
    const dueAt =
      a && timers.breachMinutes != null ? a.createdAt.getTime() + timers.breachMinutes * 60_000 : null;
    return {
      action: "post",
      channel,
      message: buildManagerBreachDm({
        lead: leadVM(rc.ctx, lead, rc.now),
        ownerSlackId: a?.repSlackId ?? lead.ownerSlackId,
        sla: timers.breachMinutes != null ? `first response (${timers.breachMinutes} min)` : "first response",
        overdueMs: dueAt !== null ? Math.max(0, rc.now.getTime() - dueAt) : 0,
        action: str(row.payload.action),
      }),
    };
  });

export const renderUnassignedAlert: Renderer = (rc, row) =>
  withLead(rc, row, (lead) => {
    const channel = managersChannel(rc, row);
    if (!channel) return { action: "skip", reason: "no managers channel or manager configured" };
    return { action: "post", channel, message: buildUnassignedAlert(rc, lead, str(row.payload.reason)) };
  });

/** Builder (pure given its inputs): nobody eligible could take the lead. */
function buildUnassignedAlert(rc: RenderContext, lead: LeadForNotice, reason: string | null): SlackMessage {
  const vm = leadVM(rc.ctx, lead, rc.now);
  const why = reason ? `: ${escapeTruncate(reason, 500)}` : "";
  return message(`Nobody could take ${leadOneLiner(vm)}${why}`, [
    section(`:warning: *Nobody could take this lead*${why}`),
    ...leadSummaryBlocks(vm),
    context("A manager can reassign it; reps can claim it when it is posted."),
  ]);
}

export const renderDailyDigest: Renderer = async (rc, row) => {
  const channel = managersChannel(rc, row);
  if (!channel) return { action: "skip", reason: "no managers channel or manager configured" };
  const p = row.payload;
  const rows: ReportRowVM[] = Array.isArray(p.rows)
    ? (p.rows as Record<string, unknown>[]).map((r) => ({
        label: String(r?.label ?? ""),
        value: typeof r?.value === "number" || typeof r?.value === "string" ? r.value : null,
      }))
    : Object.entries(p)
        .filter(
          ([k, v]) => k !== "title" && k !== "period" && (typeof v === "number" || typeof v === "string"),
        )
        .map(([k, v]) => ({
          label: k.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " "),
          value: v as string | number,
        }));
  return {
    action: "post",
    channel,
    message: buildReportSummary({
      title: str(p.title) ?? "Daily digest",
      period: str(p.period) ?? rc.now.toISOString().slice(0, 10),
      rows,
    }),
  };
};

export const renderDisputeOpened: Renderer = (rc, row) =>
  withLead(rc, row, (lead) => {
    const channel = managersChannel(rc, row);
    if (!channel) return { action: "skip", reason: "no managers channel or manager configured" };
    return {
      action: "post",
      channel,
      message: buildDisputeOpened({
        lead: leadVM(rc.ctx, lead, rc.now),
        disputeId: str(row.payload.disputeId) ?? "",
        repSlackId: str(row.payload.repSlackId),
        reason: str(row.payload.reason) ?? "",
      }),
    };
  });

/** Builder (pure): a rep says a lead is junk; a manager decides with `/leads approve`. */
export function buildDisputeOpened(vm: {
  lead: ReturnType<typeof leadVM>;
  disputeId: string;
  repSlackId: string | null;
  reason: string;
}): SlackMessage {
  const who = owner(vm.repSlackId);
  const reason = escapeTruncate(vm.reason, 1000);
  const approve = `/leads approve ${escapeInline(vm.disputeId)}`;
  return message(`${who} disputed ${leadOneLiner(vm.lead)} as junk: ${reason}`, [
    section(`:triangular_flag_on_post: *Junk dispute* from ${who}\n*Reason:* ${reason}`),
    ...leadSummaryBlocks(vm.lead),
    context(
      `Approve with \`${approve}\`: the lead is disqualified and ${who} gets a make-up lead. Dispute \`${escapeInline(vm.disputeId)}\`.`,
    ),
  ]);
}

export const renderRepPaused: Renderer = async (rc, row) => {
  const channel = managersChannel(rc, row);
  if (!channel) return { action: "skip", reason: "no managers channel or manager configured" };
  const repSlackId = str(row.payload.repSlackId);
  if (!repSlackId) return { action: "skip", reason: "the notice names no rep" };
  // Unpaused before the notice went out: nothing left for managers to do.
  if (!(await isRepPaused({ db: rc.ctx.db, slackId: repSlackId })))
    return { action: "skip", reason: "the rep is no longer paused" };
  return {
    action: "post",
    channel,
    message: buildRepPaused({ repSlackId, reason: str(row.payload.reason) }),
  };
};

/** Builder (pure): a rep stopped receiving leads automatically; a manager can unpause them. */
export function buildRepPaused(vm: { repSlackId: string; reason: string | null }): SlackMessage {
  const who = owner(vm.repSlackId);
  const why = vm.reason ? `: ${escapeTruncate(vm.reason, 300)}` : "";
  return message(`${who} was paused automatically${why}`, [
    section(
      `:double_vertical_bar: *${who} was paused automatically*${why}\nThey get no new leads until a manager unpauses them.`,
    ),
    context(`Unpause with \`/leads unpause @rep\` (${who}).`),
  ]);
}
