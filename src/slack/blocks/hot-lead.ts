// The hot-lead post in the hot-leads channel, single and combined (a burst of leads in one message).
import type { KnownBlock } from "@slack/types";
import { escapeTruncate, LIMITS } from "../escape.ts";
import { BLOCK, leadBlockId } from "../ids.ts";
import {
  actions,
  claimButton,
  context,
  divider,
  header,
  leadNamePlain,
  leadOneLiner,
  leadWho,
  message,
  reasonsText,
  scoreText,
  section,
  segmentsText,
  sourceText,
} from "./common.ts";
import type { HotLeadVM, SlackMessage } from "./types.ts";

/** The body of a lead post without its buttons; the claimed update reuses it so the lead stays readable. */
export function hotLeadBodyBlocks(lead: HotLeadVM, opts: { withRoute?: boolean } = {}): KnownBlock[] {
  const lines = [leadWho(lead), scoreText(lead.score)];
  const src = sourceText(lead);
  if (src) lines.push(src);
  const seg = segmentsText(lead.segments);
  if (seg) lines.push(seg);
  const blocks: KnownBlock[] = [section(lines.join("\n"))];
  const reasons = reasonsText(lead.topReasons);
  if (reasons) blocks.push(section(`*Why it's hot*\n${reasons}`));
  // The route hint only matters while the lead waits for a claim; the status line replaces it after.
  const route = opts.withRoute === false ? null : routeText(lead);
  if (route) blocks.push(context(route));
  return blocks;
}

function routeText(lead: HotLeadVM): string | null {
  const parts: string[] = [];
  if (lead.suggestedRoute?.trim()) parts.push(`Suggested route: ${escapeTruncate(lead.suggestedRoute, 300)}`);
  if (lead.claimWindowMinutes != null && lead.claimWindowMinutes > 0) {
    parts.push(`unclaimed after ${lead.claimWindowMinutes} min it is assigned by the routing rules`);
  }
  return parts.length > 0 ? `:compass: ${parts.join(" · ")}` : null;
}

/** One hot lead, with the **Claim** button. */
export function buildHotLeadPost(lead: HotLeadVM): SlackMessage {
  const blocks: KnownBlock[] = [
    header(`New hot lead: ${leadNamePlain(lead)}`),
    ...hotLeadBodyBlocks(lead),
    actions([claimButton(lead.id)], leadBlockId(BLOCK.leadActions, lead.id)),
  ];
  return message(`:fire: New hot lead: ${leadOneLiner(lead)}. Claim it in the hot-leads channel.`, blocks);
}

/** Blocks one lead takes inside a combined post (compact: body + Claim, then a divider). */
function combinedLeadBlocks(lead: HotLeadVM): KnownBlock[] {
  return [
    ...hotLeadBodyBlocks(lead),
    actions([claimButton(lead.id)], leadBlockId(BLOCK.leadActions, lead.id)),
  ];
}

export interface CombinedPost {
  message: SlackMessage;
  /** How many leads from the start of the input fit; post the rest (`leads.slice(included)`) separately. */
  included: number;
}

/**
 * Several hot leads in one message, for bursts (one message per channel per second is Slack's
 * pace). Stops before 50 blocks and reports how many leads it took so the caller splits the rest.
 * Always takes at least one lead when given any.
 */
export function buildCombinedHotLeadPost(leads: readonly HotLeadVM[]): CombinedPost {
  const blocks: KnownBlock[] = [header(`${leads.length} new hot leads`)];
  let included = 0;
  for (const lead of leads) {
    const part = combinedLeadBlocks(lead);
    const sep = included > 0 ? 1 : 0;
    if (blocks.length + sep + part.length > LIMITS.messageBlocks) break;
    if (sep) blocks.push(divider());
    blocks.push(...part);
    included += 1;
  }
  if (included < leads.length) {
    blocks[0] = header(`${included} of ${leads.length} new hot leads`);
  }
  const names = leads.slice(0, included).map(leadOneLiner);
  const text = `:fire: ${included} new hot lead${included === 1 ? "" : "s"}: ${names.join("; ")}`;
  return { message: message(text, blocks), included };
}
