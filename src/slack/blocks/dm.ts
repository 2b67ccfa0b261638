// Direct messages to reps and managers: assignment, SLA nudge, follow-up reminder, re-route and breach.
import type { KnownBlock } from "@slack/types";
import { channelLink, clampMrkdwn, escapeTruncate } from "../escape.ts";
import { ACTION, BLOCK, leadBlockId } from "../ids.ts";
import {
  actions,
  button,
  context,
  formatDuration,
  leadOneLiner,
  leadSummaryBlocks,
  message,
  owner,
  ownerButtons,
  section,
  slackDate,
} from "./common.ts";
import type { Instant, LeadSummaryVM, SlackMessage } from "./types.ts";

/** Where the lead's post lives, to point the rep at its thread. */
export interface LeadPostRef {
  channel: string;
  /** A permalink from chat.getPermalink when the caller has one. */
  permalink?: string | null;
}

function postRef(ref: LeadPostRef | null | undefined): string | null {
  if (!ref) return null;
  if (ref.permalink && /^https:\/\/[^\s<>|]+$/.test(ref.permalink))
    return `<${ref.permalink}|Open the lead post>`;
  return `Lead post in ${channelLink(ref.channel)}`;
}

export interface AssignmentDmVM {
  lead: LeadSummaryVM;
  /** One-line reason as plain text (a manager's note, "you clicked Claim first"). Escaped as text. */
  why: string;
  /** The reason as safe mrkdwn with mentions (render/routing-why.ts); shown instead of `why`. */
  whyMrkdwn?: string | null;
  via: "claimed" | "routing" | "manager";
  /** First-response SLA, to say how long the rep has. */
  slaMinutes?: number | null;
  post?: LeadPostRef | null;
}

const VIA: Record<AssignmentDmVM["via"], string> = {
  claimed: "You claimed",
  routing: "You were assigned",
  manager: "A manager assigned you",
};

export function buildAssignmentDm(vm: AssignmentDmVM): SlackMessage {
  const due = vm.slaMinutes != null ? ` Respond within *${vm.slaMinutes} min*.` : "";
  const blocks: KnownBlock[] = [
    section(`:inbox_tray: *${VIA[vm.via]} a lead.*${due}`),
    ...leadSummaryBlocks(vm.lead),
    context(`*Why you:* ${vm.whyMrkdwn ? clampMrkdwn(vm.whyMrkdwn, 1000) : escapeTruncate(vm.why, 1000)}`),
  ];
  const ref = postRef(vm.post);
  if (ref) blocks.push(context(ref));
  blocks.push(ownerButtons(vm.lead.id));
  return message(`${VIA[vm.via]} a lead: ${leadOneLiner(vm.lead)}.${due}`, blocks);
}

export interface SlaNudgeVM {
  lead: LeadSummaryVM;
  /** Minutes left before it is re-routed. */
  minutesLeft: number;
  assignedAt?: Instant | null;
  post?: LeadPostRef | null;
}

/** "Respond within N min or it will be re-routed." with a one-click Contacted. */
export function buildSlaNudgeDm(vm: SlaNudgeVM): SlackMessage {
  const mins = Math.max(0, Math.ceil(vm.minutesLeft));
  const line = `Respond within ${mins} min or it will be re-routed.`;
  const since = vm.assignedAt ? ` Assigned ${slackDate(vm.assignedAt)}.` : "";
  const blocks: KnownBlock[] = [section(`:alarm_clock: *${line}*${since}`), ...leadSummaryBlocks(vm.lead)];
  const ref = postRef(vm.post);
  if (ref) blocks.push(context(ref));
  blocks.push(
    actions(
      [
        button("Contacted", ACTION.contacted, vm.lead.id, "primary"),
        button("Release", ACTION.release, vm.lead.id),
      ],
      leadBlockId(BLOCK.leadActions, vm.lead.id),
    ),
  );
  return message(`${leadOneLiner(vm.lead)}: ${line}`, blocks);
}

export interface FollowUpReminderVM {
  lead: LeadSummaryVM;
  lastActivityAt?: Instant | null;
  idleMs: number;
  post?: LeadPostRef | null;
}

export function buildFollowUpReminderDm(vm: FollowUpReminderVM): SlackMessage {
  const last = vm.lastActivityAt ? ` (last activity ${slackDate(vm.lastActivityAt)})` : "";
  const line = `No activity on this lead for ${formatDuration(vm.idleMs)}${last}. Time to follow up?`;
  const blocks: KnownBlock[] = [section(`:repeat: ${line}`), ...leadSummaryBlocks(vm.lead)];
  const ref = postRef(vm.post);
  if (ref) blocks.push(context(ref));
  blocks.push(ownerButtons(vm.lead.id));
  return message(`Follow up: ${leadOneLiner(vm.lead)}`, blocks);
}

export interface RerouteNoticeVM {
  lead: LeadSummaryVM;
  fromSlackId: string | null;
  toSlackId: string | null;
  reason: string;
  /** Who reads it: the rep who lost the lead, or the rep who got it. */
  audience: "previous_owner" | "new_owner";
}

export function buildRerouteNoticeDm(vm: RerouteNoticeVM): SlackMessage {
  const reason = escapeTruncate(vm.reason, 500);
  if (vm.audience === "previous_owner") {
    const line = `:arrows_counterclockwise: This lead was re-routed from you to ${owner(vm.toSlackId)}: ${reason}`;
    return message(`${leadOneLiner(vm.lead)} was re-routed to ${owner(vm.toSlackId)}`, [
      section(line),
      ...leadSummaryBlocks(vm.lead),
    ]);
  }
  const line = `:arrows_counterclockwise: This lead was re-routed to you from ${owner(vm.fromSlackId)}: ${reason}`;
  return message(`Re-routed to you: ${leadOneLiner(vm.lead)}`, [
    section(line),
    ...leadSummaryBlocks(vm.lead),
    ownerButtons(vm.lead.id),
  ]);
}

export interface ManagerBreachVM {
  lead: LeadSummaryVM;
  ownerSlackId: string | null;
  /** What was breached, e.g. "first response (15 min)". */
  sla: string;
  overdueMs: number;
  /** What happens next, e.g. "re-routed to <@U3>" (escaped as text). */
  action?: string | null;
}

export function buildManagerBreachDm(vm: ManagerBreachVM): SlackMessage {
  const next = vm.action?.trim() ? ` Next: ${escapeTruncate(vm.action, 300)}.` : "";
  const line = `:rotating_light: *SLA breached:* ${escapeTruncate(vm.sla, 200)} for ${owner(vm.ownerSlackId)}, ${formatDuration(vm.overdueMs)} overdue.${next}`;
  return message(`SLA breached on ${leadOneLiner(vm.lead)} (${owner(vm.ownerSlackId)})`, [
    section(line),
    ...leadSummaryBlocks(vm.lead),
  ]);
}
