// Builder (pure) for a combined hot-lead post after one of its leads changed: every lead keeps
// its place in the message, each with its own state and buttons. The builders in blocks/ cover
// the single post; this composes their parts so a burst post can be updated in place too.
import type { KnownBlock } from "@slack/types";
import { isOpenState, statusLine } from "../blocks/claimed.ts";
import {
  actions,
  claimButton,
  divider,
  header,
  leadOneLiner,
  message,
  ownerButtons,
  section,
} from "../blocks/common.ts";
import { hotLeadBodyBlocks } from "../blocks/hot-lead.ts";
import type { HotLeadVM, LeadStatusVM, SlackMessage } from "../blocks/types.ts";
import { LIMITS } from "../escape.ts";
import { BLOCK, leadBlockId } from "../ids.ts";

export interface CombinedEntry {
  lead: HotLeadVM;
  /** null: still waiting for a claim. */
  status: LeadStatusVM | null;
  /** false: the lead moved to another post (re-posted after a release); no buttons here. */
  current: boolean;
}

export function buildCombinedStatusMessage(entries: readonly CombinedEntry[]): SlackMessage {
  return buildCombinedStatusPost(entries).message;
}

/**
 * The same message for a first post of several leads of which some already have a state (they
 * got an owner while the post waited): as many leads as fit in Slack's 50 blocks, in order;
 * `included` says how many, the rest wait for the channel's next slot.
 */
export function buildCombinedStatusPost(entries: readonly CombinedEntry[]): {
  message: SlackMessage;
  included: number;
} {
  const blocks: KnownBlock[] = [header(`${entries.length} hot leads`)];
  const lines: string[] = [];
  let included = 0;
  for (const entry of entries) {
    const part: KnownBlock[] = [...hotLeadBodyBlocks(entry.lead, { withRoute: entry.status === null })];
    if (entry.status) {
      const line = statusLine(entry.status);
      part.push(section(line));
      lines.push(`${leadOneLiner(entry.lead)}: ${line}`);
      if (entry.current && isOpenState(entry.status)) part.push(ownerButtons(entry.lead.id));
    } else {
      lines.push(`${leadOneLiner(entry.lead)}: waiting for a claim`);
      if (entry.current)
        part.push(actions([claimButton(entry.lead.id)], leadBlockId(BLOCK.leadActions, entry.lead.id)));
    }
    const sep = blocks.length > 1 ? 1 : 0;
    if (blocks.length + sep + part.length > LIMITS.messageBlocks) {
      lines.pop();
      break;
    }
    if (sep) blocks.push(divider());
    blocks.push(...part);
    included += 1;
  }
  if (included < entries.length) blocks[0] = header(`${included} of ${entries.length} hot leads`);
  return { message: message(lines.join("\n"), blocks), included };
}
