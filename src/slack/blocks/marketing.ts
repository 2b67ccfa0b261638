// Notices to the marketing channel: threshold crossings (one, or many as a summary) and leads
// sent back to nurture.
import { escapeInline, escapeTruncate } from "../escape.ts";
import { context, leadOneLiner, leadSummaryBlocks, message, owner, section } from "./common.ts";
import type { AlertSummaryVM, NurtureNoticeVM, SlackMessage, ThresholdAlertVM } from "./types.ts";

function gradeStage(g: { grade: string; stage?: string | null }): string {
  const stage = g.stage?.trim() ? ` / ${escapeInline(g.stage)}` : "";
  return `${escapeInline(g.grade.toUpperCase())}${stage}`;
}

/** A lead crossed a score threshold, up or down. */
export function buildThresholdAlert(vm: ThresholdAlertVM): SlackMessage {
  const arrow = vm.direction === "up" ? ":chart_with_upwards_trend: up" : ":chart_with_downwards_trend: down";
  const line = `${arrow}: ${gradeStage(vm.from)} → *${gradeStage(vm.to)}*`;
  const blocks = [
    section(`*Threshold crossed* ${line}`),
    ...leadSummaryBlocks(vm.lead),
    context(`Because: ${escapeTruncate(vm.reason, 500)}`),
  ];
  const text = `${leadOneLiner(vm.lead)} went ${vm.direction}: ${gradeStage(vm.from)} → ${gradeStage(vm.to)} (${escapeTruncate(vm.reason, 200)})`;
  return message(text, blocks);
}

/** A rep sent a lead back to nurture. */
export function buildNurtureNotice(vm: NurtureNoticeVM): SlackMessage {
  const blocks = [
    section(`:seedling: *Back to nurture* by ${owner(vm.byUserId)}`),
    ...leadSummaryBlocks(vm.lead),
    section(`*Why:* ${escapeTruncate(vm.reason, 2000, false)}`),
  ];
  const text = `${leadOneLiner(vm.lead)} sent back to nurture by ${owner(vm.byUserId)}: ${escapeTruncate(vm.reason, 200)}`;
  return message(text, blocks);
}

/** Slack's limit of blocks in one message. */
const MAX_BLOCKS = 50;

/**
 * Many alerts as one message: a headline, one line per lead (as many as fit in Slack's 50
 * blocks, with the headline and the closing line) and a count of the rest.
 */
export function buildAlertSummary(vm: AlertSummaryVM): SlackMessage {
  const room = MAX_BLOCKS - 2;
  const shown = vm.leads.slice(0, room);
  const rest = vm.total - shown.length;
  const lines = shown.map((l) => {
    const move = l.from && l.to ? ` · ${gradeStage(l.from)} → *${gradeStage(l.to)}*` : "";
    return section(`• ${leadOneLiner(l.lead)}${move}`);
  });
  const more = rest > 0 ? `and ${rest} more lead${rest === 1 ? "" : "s"} not listed. ` : "";
  const blocks = [
    section(`:bar_chart: *${escapeTruncate(vm.title, 300)}*`),
    ...lines,
    context(`${more}${escapeTruncate(vm.note, 500)}`),
  ];
  return message(escapeTruncate(vm.title, 300), blocks);
}
