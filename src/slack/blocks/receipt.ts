// Thread replies under the lead post that explain it: the score receipt ("why is this lead hot?")
// and the assignment explanation (route, rule, strategy, who was skipped and why).
import type { KnownBlock, ModalView } from "@slack/types";
import { chunkLines, escapeTruncate, LIMITS } from "../escape.ts";
import {
  context,
  formatNumber,
  formatPoints,
  leadName,
  message,
  owner,
  scoreText,
  section,
  slackDate,
} from "./common.ts";
import type { AssignmentExplanationVM, ReceiptEntryVM, ScoreReceiptVM, SlackMessage } from "./types.ts";

function entryLine(e: ReceiptEntryVM): string {
  const decayed = e.currentPoints !== e.points ? ` → now \`${formatPoints(e.currentPoints)}\`` : "";
  return `\`${formatPoints(e.points)}\`${decayed} ${escapeTruncate(e.rule, 200)} · ${slackDate(e.at)}`;
}

function sum(entries: readonly ReceiptEntryVM[]): number {
  return entries.reduce((acc, e) => acc + e.currentPoints, 0);
}

/**
 * Turn titled groups of lines into sections within `budget` blocks; when lines do not fit, the
 * last block says how many were left out instead of silently dropping them.
 */
function groupedSections(groups: { title: string; lines: string[] }[], budget: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let omitted = 0;
  for (const g of groups) {
    const chunks = chunkLines([g.title, ...g.lines]);
    for (const chunk of chunks) {
      if (blocks.length < budget - 1) blocks.push(section(chunk));
      else omitted += chunk.split("\n").length;
    }
  }
  if (omitted > 0)
    blocks.push(context(`…and about ${omitted} more lines not shown (see \`GET /api/leads/:id\`).`));
  return blocks;
}

/** The score receipt: every entry, grouped fit / engagement, with totals. */
export function buildScoreReceipt(vm: ScoreReceiptVM): SlackMessage {
  const fit = vm.entries.filter((e) => e.kind === "fit");
  const engagement = vm.entries.filter((e) => e.kind === "engagement");
  const groups = [
    {
      title: `*Fit: ${formatNumber(vm.score.fit)}* (${fit.length} rule${fit.length === 1 ? "" : "s"}, sum now ${formatPoints(sum(fit))})`,
      lines: fit.length > 0 ? fit.map(entryLine) : ["_no fit points_"],
    },
    {
      title: `*Engagement: ${formatNumber(vm.score.engagement)}* (${engagement.length} event${engagement.length === 1 ? "" : "s"}, sum now ${formatPoints(sum(engagement))})`,
      lines: engagement.length > 0 ? engagement.map(entryLine) : ["_no engagement points_"],
    },
  ];
  const head = section(
    `:receipt: *Why is ${leadName(vm.lead)} ${escapeTruncate(vm.score.grade, 20)}?*\n${scoreText(vm.score)}`,
  );
  const foot = context(
    "Totals use decayed points and the caps in `scoring`; the first figure is what each rule gave when it fired.",
  );
  const body = groupedSections(groups, LIMITS.messageBlocks - 2);
  const text = `Score receipt for ${leadName(vm.lead, 100)}: total ${formatNumber(vm.score.total)} (fit ${formatNumber(vm.score.fit)}, engagement ${formatNumber(vm.score.engagement)})`;
  return message(text, [head, ...body, foot]);
}

/**
 * The receipt in a modal: what "Why this score?" opens on App Home, where there is no channel to
 * answer in privately. Nothing to submit, only Close.
 */
export function buildScoreReceiptModal(receipt: SlackMessage): ModalView {
  return {
    type: "modal",
    title: { type: "plain_text", text: "Why this score?" },
    close: { type: "plain_text", text: "Close" },
    blocks: receipt.blocks.slice(0, LIMITS.viewBlocks),
  };
}

const VIA_TEXT: Record<AssignmentExplanationVM["via"], string> = {
  claimed: "claimed from the hot-leads post",
  routing: "assigned by the routing rules",
  manager: "reassigned by a manager",
};

/** Why this owner: route, rule, strategy, candidates and why each was skipped. */
export function buildAssignmentExplanation(vm: AssignmentExplanationVM): SlackMessage {
  const headLines = [
    `:mag: *Why ${owner(vm.ownerSlackId)}?* ${VIA_TEXT[vm.via]}`,
    `*Route:* ${escapeTruncate(vm.route, 200)}${vm.rule?.trim() ? ` · *Rule:* ${escapeTruncate(vm.rule, 200)}` : ""} · *Strategy:* ${escapeTruncate(vm.strategy, 100)}`,
  ];
  const candidateLines = (vm.candidates ?? []).map((c) =>
    c.skipped?.trim()
      ? `• ${owner(c.slackId)}: skipped, ${escapeTruncate(c.skipped, 200)}`
      : `• ${owner(c.slackId)}: chosen`,
  );
  const groups = [{ title: headLines.join("\n"), lines: [] as string[] }];
  if (candidateLines.length > 0) groups.push({ title: "*Candidates*", lines: candidateLines });
  const extra = (vm.lines ?? []).map((l) => escapeTruncate(l, 500, false));
  if (extra.length > 0) groups.push({ title: "*Details*", lines: extra });
  const blocks = groupedSections(groups, LIMITS.messageBlocks);
  const text = `Assignment: ${vm.ownerSlackId ? owner(vm.ownerSlackId) : "unassigned"} via ${escapeTruncate(vm.route, 100)} (${escapeTruncate(vm.strategy, 50)})`;
  return message(text, blocks);
}
