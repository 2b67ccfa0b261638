// Private replies (chat.postEphemeral / respond) to someone whose click or command was refused.
import { escapeTruncate } from "../escape.ts";
import { formatUtc, message, owner, section } from "./common.ts";
import type { Instant, RefusalReason, SlackMessage } from "./types.ts";

/** "<@U2> already claimed this lead". */
export function buildAlreadyClaimed(ownerSlackId: string, claimedAt?: Instant | null): SlackMessage {
  const when = claimedAt ? ` (at ${formatUtc(claimedAt)})` : "";
  const text = `${owner(ownerSlackId)} already claimed this lead${when}.`;
  return message(text, [section(`:lock: ${text}`)]);
}

export interface RefusalDetail {
  /** Owner of the lead, for `not_owner` and `closed`. */
  ownerSlackId?: string | null;
  /** Open leads and the cap, for `at_capacity`. */
  open?: number | null;
  capacity?: number | null;
  /** When the user is back, for `away`. */
  until?: Instant | null;
  /** Extra words from the domain error (escaped). */
  note?: string | null;
}

/** Why an action or command was refused, in words a rep understands. */
export function refusalText(reason: RefusalReason, detail: RefusalDetail = {}): string {
  switch (reason) {
    case "not_rep":
      return "You are not set up as a rep in LeadOps, so you can't take leads. Ask an admin to add you under `reps` in leadops.yml.";
    case "away": {
      const until = detail.until ? ` until ${formatUtc(detail.until)}` : "";
      return `You are marked away${until}, so you can't take leads. Use \`/leads back\` when you return.`;
    }
    case "paused":
      return "Your lead intake is paused by LeadOps (after missed claims or SLA breaches), and only a manager can lift that: ask a manager to run `/leads unpause @you`.";
    case "at_capacity": {
      const cap =
        detail.open != null && detail.capacity != null ? ` (${detail.open} open of ${detail.capacity})` : "";
      return `You are at capacity${cap}. Close or release a lead before taking another.`;
    }
    case "not_owner":
      return `Only the owner can do that; this lead belongs to ${owner(detail.ownerSlackId)}.`;
    case "not_manager":
      return "Only managers can do that.";
    case "closed":
      return "This lead is already closed, so nothing changed.";
    case "unknown_lead":
      return "That lead no longer exists.";
  }
}

export function buildRefusal(reason: RefusalReason, detail: RefusalDetail = {}): SlackMessage {
  let text = refusalText(reason, detail);
  if (detail.note?.trim()) text += ` ${escapeTruncate(detail.note, 500)}`;
  return message(text, [section(`:no_entry: ${text}`)]);
}
