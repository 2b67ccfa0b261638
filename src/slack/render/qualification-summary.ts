// Builder (pure): the qualification summary posted in the lead's thread: every answer, who gave
// it, the points and whether it qualifies. Not in blocks/ because only the outbox renders it.
import type { KnownBlock } from "@slack/types";
import { context, formatNumber, formatPoints, leadName, message, owner, section } from "../blocks/common.ts";
import type { LeadSummaryVM, SlackMessage } from "../blocks/types.ts";
import { chunkLines, escapeTruncate } from "../escape.ts";

export interface QualificationSummaryVM {
  lead: Pick<LeadSummaryVM, "id" | "name" | "email">;
  framework: string;
  byUserId: string;
  points: number;
  qualified: boolean;
  /** The stage after the qualification (it may have promoted the lead to sql). */
  stage: string;
  answers: { question: string; answer: string; points?: number | null }[];
  notes?: string | null;
}

export function buildQualificationSummary(vm: QualificationSummaryVM): SlackMessage {
  const verdict = vm.qualified ? ":white_check_mark: qualified" : ":heavy_minus_sign: not qualified yet";
  const head = `:clipboard: *${escapeTruncate(vm.framework, 50)}* by ${owner(vm.byUserId)}: ${verdict}, ${formatNumber(vm.points)} points · stage *${escapeTruncate(vm.stage, 30)}*`;
  const lines = vm.answers.map((a) => {
    const pts = a.points != null ? ` \`${formatPoints(a.points)}\`` : "";
    return `• *${escapeTruncate(a.question, 200)}* ${escapeTruncate(a.answer, 500)}${pts}`;
  });
  const blocks: KnownBlock[] = [section(head), ...chunkLines(lines).map((t) => section(t))];
  if (vm.notes?.trim()) blocks.push(section(`*Notes:* ${escapeTruncate(vm.notes, 2500, false)}`));
  blocks.push(context(`Lead ${leadName(vm.lead, 100)}`));
  return message(
    `${escapeTruncate(vm.framework, 50)} qualification of ${leadName(vm.lead, 100)}: ${vm.qualified ? "qualified" : "not qualified"} (${formatNumber(vm.points)} points)`,
    blocks,
  );
}
