// The lead post updated in place after a claim, an assignment, or any later state change.
import type { KnownBlock } from "@slack/types";
import { escapeTruncate } from "../escape.ts";
import { BLOCK, leadBlockId } from "../ids.ts";
import {
  actions,
  boughtAgainButton,
  claimButton,
  context,
  formatDuration,
  formatMoney,
  header,
  leadNamePlain,
  leadOneLiner,
  message,
  owner,
  ownerButtons,
  reopenButton,
  section,
} from "./common.ts";
import { hotLeadBodyBlocks } from "./hot-lead.ts";
import type { HotLeadVM, LeadStatusVM, SlackMessage } from "./types.ts";

/** The one status line, e.g. ":raising_hand: claimed by <@U1> in 2m 14s". */
export function statusLine(status: LeadStatusVM): string {
  switch (status.state) {
    case "claimed":
      return `:raising_hand: claimed by ${owner(status.ownerSlackId)} in ${formatDuration(status.claimedInMs)}`;
    case "assigned": {
      const via = status.route?.trim() ? ` via ${escapeTruncate(status.route, 200)}` : "";
      const after = status.afterMs != null ? ` after ${formatDuration(status.afterMs)} unclaimed` : "";
      return `:arrow_right: assigned to ${owner(status.ownerSlackId)} by routing${via}${after}`;
    }
    case "contacted": {
      const inTime =
        status.contactedInMs != null ? ` (first response in ${formatDuration(status.contactedInMs)})` : "";
      return `:telephone_receiver: contacted by ${owner(status.ownerSlackId)}${inTime}`;
    }
    case "qualified": {
      const fw = status.framework?.trim() ? ` with ${escapeTruncate(status.framework, 50)}` : "";
      return `:white_check_mark: qualified${fw} by ${owner(status.ownerSlackId)}`;
    }
    case "won": {
      const amount = status.amount != null ? ` · ${formatMoney(status.amount, status.currency)}` : "";
      return `:trophy: won by ${owner(status.ownerSlackId)}${amount}`;
    }
    case "lost": {
      const why = status.reason?.trim() ? ` · ${escapeTruncate(status.reason, 300)}` : "";
      return `:x: lost by ${owner(status.ownerSlackId)}${why}`;
    }
    case "nurture": {
      const why = status.reason?.trim() ? ` · ${escapeTruncate(status.reason, 300)}` : "";
      return `:seedling: sent back to nurture by ${owner(status.byUserId)}${why}`;
    }
    case "released": {
      const why = status.reason?.trim() ? ` · ${escapeTruncate(status.reason, 300)}` : "";
      return `:leftwards_arrow_with_hook: released by ${owner(status.byUserId)}${why} · open to claim again`;
    }
  }
}

/** True while the owner still works the lead, so the owner buttons are offered. */
export function isOpenState(status: LeadStatusVM): boolean {
  return (
    status.state === "claimed" ||
    status.state === "assigned" ||
    status.state === "contacted" ||
    status.state === "qualified"
  );
}

const HEADER_BY_STATE: Record<LeadStatusVM["state"], string> = {
  claimed: "Hot lead (claimed)",
  assigned: "Hot lead (assigned)",
  contacted: "Hot lead (contacted)",
  qualified: "Hot lead (qualified)",
  won: "Won",
  lost: "Lost",
  nurture: "Back to nurture",
  released: "Hot lead (released)",
};

/**
 * The lead message after its first post: lead body, the status line, and the buttons that fit the
 * state: owner buttons while open, Claim again after a release, Won again for a customer (another
 * purchase), Reopen on a lost lead (managers), none once disqualified or nurtured.
 */
export function buildLeadStatusMessage(lead: HotLeadVM, status: LeadStatusVM): SlackMessage {
  const line = statusLine(status);
  const blocks: KnownBlock[] = [
    header(`${HEADER_BY_STATE[status.state]}: ${leadNamePlain(lead)}`),
    ...hotLeadBodyBlocks(lead, { withRoute: status.state === "released" }),
    section(line),
  ];
  if (isOpenState(status)) {
    blocks.push(ownerButtons(lead.id));
    blocks.push(context("Buttons are for the owner; anyone else is told privately who has it."));
  } else if (status.state === "released") {
    blocks.push(actions([claimButton(lead.id)], leadBlockId(BLOCK.leadActions, lead.id)));
  } else if (status.state === "won") {
    blocks.push(actions([boughtAgainButton(lead.id)], leadBlockId(BLOCK.leadActions, lead.id)));
  } else if (status.state === "lost" && status.reopenable) {
    blocks.push(actions([reopenButton(lead.id)], leadBlockId(BLOCK.leadActions, lead.id)));
    blocks.push(context("Only a manager can reopen a lost lead."));
  }
  return message(`${leadOneLiner(lead)}: ${line}`, blocks);
}

/** Shorthand for the common case named in the contract: "claimed by <@U1> in 2m 14s". */
export function buildClaimedMessage(
  lead: HotLeadVM,
  ownerSlackId: string,
  claimedInMs: number,
): SlackMessage {
  return buildLeadStatusMessage(lead, { state: "claimed", ownerSlackId, claimedInMs });
}
