// Builder (pure): private replies for refusals the blocks/ builders do not word (not in the
// route's pool, a generic domain error), keeping their look.

import { message, section } from "../blocks/common.ts";
import { buildRefusal } from "../blocks/ephemeral.ts";
import type { RefusalReason, SlackMessage } from "../blocks/types.ts";
import { escapeTruncate } from "../escape.ts";

export function buildPrivateNotice(text: string, emoji = ":no_entry:"): SlackMessage {
  // Domain messages may carry a `<@U…>` mention we built; everything else in them is ours.
  const safe = escapeTruncate(text, 2500, false).replace(/&lt;@([UW][A-Z0-9]+)&gt;/g, "<@$1>");
  return message(safe, [section(`${emoji} ${safe}`)]);
}

export function buildRefusalFor(
  reason: RefusalReason | "not_in_pool" | "no_role",
  detail: Parameters<typeof buildRefusal>[1],
  fallback: string,
): SlackMessage {
  // A missing role is worded by the domain, per what was asked (see core/roles.ts requireLeadRole).
  if (reason === "not_in_pool" || reason === "no_role") return buildPrivateNotice(fallback);
  // "Only the owner …; this lead belongs to nobody" says nothing: the domain's own words do
  // ("Nobody owns this lead yet; claim it first.", "You can only dispute a lead you were given.").
  if (reason === "not_owner" && !detail?.ownerSlackId) return buildPrivateNotice(fallback);
  return buildRefusal(reason, detail);
}

/** A short confirmation, privately ("You are away until …"). */
export function buildConfirmation(text: string): SlackMessage {
  return message(text, [section(`:white_check_mark: ${text}`)]);
}
