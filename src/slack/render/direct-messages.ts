// The DM notices: assignment, SLA nudge, follow-up reminder, re-route. A DM is a chat.postMessage
// to the user id (Slack opens the IM), so each rep's DMs are paced as their own channel.

import { slaTimersFor } from "../../core/routing/decide-sla-actions.ts";
import type { LeadForNotice } from "../../store/leads/read-lead-for-notice.ts";
import {
  buildAssignmentDm,
  buildFollowUpReminderDm,
  buildRerouteNoticeDm,
  buildSlaNudgeDm,
  type LeadPostRef,
} from "../blocks/dm.ts";
import { assignmentOf, leadVM, withLead } from "./lead-data.ts";
import { routingWhy } from "./routing-why.ts";
import type { Renderer } from "./types.ts";

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

function postRef(lead: LeadForNotice): LeadPostRef | null {
  return lead.slackChannel ? { channel: lead.slackChannel } : null;
}

export const renderAssignmentDm: Renderer = (rc, row) =>
  withLead(rc, row, async (lead) => {
    const a = await assignmentOf(rc, row.payload, lead);
    const to = row.channel ?? a?.repSlackId ?? lead.ownerSlackId;
    if (!to) return { action: "skip", reason: "the assignment has no rep" };
    if (a?.endedAt) return { action: "skip", reason: "the assignment already ended" };
    const reason = (a?.reason ?? {}) as Record<string, unknown>;
    // A manager's note first; else the stored decision, rendered part by part so its mentions
    // stay mentions (routing-why.ts); its explanation text only for rows without one.
    const whyMrkdwn = str(reason.why) ? null : routingWhy(reason);
    const why =
      str(reason.why) ??
      str(reason.explanation) ??
      (a?.method === "claim"
        ? "you clicked Claim first"
        : `${a?.route ?? "default"} route, ${(a?.method ?? "routing").replace(/_/g, " ")}`);
    const timers = slaTimersFor(rc.ctx.rules.sla, a?.route ?? null);
    return {
      action: "post",
      channel: to,
      message: buildAssignmentDm({
        lead: leadVM(rc.ctx, lead, rc.now),
        why,
        whyMrkdwn,
        via: a?.method === "claim" ? "claimed" : a?.method === "manual" ? "manager" : "routing",
        slaMinutes: lead.firstResponseAt ? null : timers.rerouteMinutes,
        post: postRef(lead),
      }),
    };
  });

export const renderSlaNudge: Renderer = (rc, row) =>
  withLead(rc, row, async (lead) => {
    const a = await assignmentOf(rc, row.payload, lead);
    const to = row.channel ?? a?.repSlackId ?? lead.ownerSlackId;
    if (!to) return { action: "skip", reason: "nobody to nudge" };
    if (lead.firstResponseAt || a?.endedAt)
      return { action: "skip", reason: "already responded or reassigned" };
    const minutesLeft = typeof row.payload.minutesLeft === "number" ? row.payload.minutesLeft : 0;
    return {
      action: "post",
      channel: to,
      message: buildSlaNudgeDm({
        lead: leadVM(rc.ctx, lead, rc.now),
        minutesLeft,
        assignedAt: a?.createdAt ?? lead.assignedAt,
        post: postRef(lead),
      }),
    };
  });

export const renderFollowUpDm: Renderer = (rc, row) =>
  withLead(rc, row, (lead) => {
    const to = row.channel ?? lead.ownerSlackId;
    if (!to) return { action: "skip", reason: "the lead has no owner" };
    const last = lead.lastActivityAt ?? lead.assignedAt ?? lead.createdAt;
    return {
      action: "post",
      channel: to,
      message: buildFollowUpReminderDm({
        lead: leadVM(rc.ctx, lead, rc.now),
        lastActivityAt: last,
        idleMs: Math.max(0, rc.now.getTime() - last.getTime()),
        post: postRef(lead),
      }),
    };
  });

export const renderRerouteDm: Renderer = (rc, row) =>
  withLead(rc, row, (lead) => {
    const from = str(row.payload.fromSlackId);
    const to = str(row.payload.toSlackId);
    const audience = str(row.payload.audience) === "new_owner" ? "new_owner" : "previous_owner";
    const recipient = row.channel ?? (audience === "new_owner" ? to : from);
    if (!recipient) return { action: "skip", reason: "nobody to tell" };
    return {
      action: "post",
      channel: recipient,
      message: buildRerouteNoticeDm({
        lead: leadVM(rc.ctx, lead, rc.now),
        fromSlackId: from,
        toSlackId: to,
        reason: str(row.payload.reason) ?? "no first response within the SLA",
        audience,
      }),
    };
  });
