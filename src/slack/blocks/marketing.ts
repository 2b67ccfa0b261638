// Notices to the marketing channel: threshold crossings and leads sent back to nurture.
import { escapeInline, escapeTruncate } from "../escape.ts";
import { context, leadOneLiner, leadSummaryBlocks, message, owner, section } from "./common.ts";
import type { NurtureNoticeVM, SlackMessage, ThresholdAlertVM } from "./types.ts";

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
