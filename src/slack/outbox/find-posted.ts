// Exactly-once posting for the outbox. A post whose outcome is unknown (the process died between
// sending chat.postMessage and recording the answer, or the request timed out or got a 5xx) may
// already be in Slack. Every post therefore carries its outbox row ids in message metadata, and
// before such a row is posted again the worker (recover-posted.ts) reads the conversation's
// recent history (or the thread's replies) for a message carrying its id: found, the row is
// recorded as sent with that message's ts; not found, it is posted.
//
// Slack API facts this relies on (docs.slack.dev): chat.postMessage takes `metadata: { event_type,
// event_payload }`; conversations.history and conversations.replies return it with
// `include_all_metadata: true`, newest first (history) between `oldest` and now, paginated with
// `response_metadata.next_cursor`; they need channels:history / groups:history / im:history /
// mpim:history and, for channels, the bot's membership (`not_in_channel` otherwise); a DM posted
// to a user id lands in the IM that conversations.open returns.
import type { WebClient } from "@slack/web-api";

/** The metadata event type of every outbox post. */
export const OUTBOX_EVENT_TYPE = "leadops_outbox";
/**
 * The search starts this long before the attempt did: the attempt's start comes from this host's
 * clock and a message's ts from Slack's, and a few minutes of skew must not hide the message.
 */
export const LOOKBACK_MARGIN_MS = 5 * 60_000;
export const HISTORY_PAGE_SIZE = 200;
/** Pages read per lookup: 1,000 messages since the attempt; a busier conversation is reported. */
export const HISTORY_MAX_PAGES = 5;

/**
 * The metadata of a post delivering these rows. One string rather than an array: the SDK's
 * `MessageMetadata` payload type allows scalars and objects, not arrays of scalars.
 */
export function outboxMetadata(ids: readonly bigint[]): {
  event_type: string;
  event_payload: { outbox_ids: string };
} {
  return { event_type: OUTBOX_EVENT_TYPE, event_payload: { outbox_ids: ids.map(String).join(",") } };
}

/** The outbox row ids a message from history carries (none for anyone else's message). */
export function outboxIdsOf(message: {
  metadata?: { event_type?: string; event_payload?: unknown };
}): string[] {
  const meta = message.metadata;
  if (meta?.event_type !== OUTBOX_EVENT_TYPE) return [];
  const payload = meta.event_payload as { outbox_ids?: unknown } | undefined;
  return typeof payload?.outbox_ids === "string" ? payload.outbox_ids.split(",").filter(Boolean) : [];
}

/** The app's own bot, as auth.test reports it. */
export interface SlackSelf {
  botId?: string | undefined;
  userId?: string | undefined;
}

const selves = new WeakMap<WebClient, Promise<SlackSelf>>();

/** The bot's ids, asked once per client (again after a failure). */
export function selfOf(client: WebClient): Promise<SlackSelf> {
  let self = selves.get(client);
  if (!self) {
    self = client.auth.test().then((r) => ({ botId: r.bot_id, userId: r.user_id }));
    self.catch(() => selves.delete(client));
    selves.set(client, self);
  }
  return self;
}

/**
 * Only our own bot's messages count: any app or user in the channel can post a message with
 * our metadata tag, and taking it for ours would mark a lead posted that never was.
 */
export function postedBy(self: SlackSelf, message: { bot_id?: string; user?: string }): boolean {
  if (self.botId) return message.bot_id === self.botId;
  return self.userId !== undefined && message.user === self.userId;
}

/** A Slack timestamp (`seconds.micros`) for an instant. */
export function slackTs(ms: number): string {
  const whole = Math.floor(ms);
  return `${Math.floor(whole / 1000)}.${String((whole % 1000) * 1000).padStart(6, "0")}`;
}

/** The instant of a Slack ts. */
export function tsToDate(ts: string): Date {
  const [secs = "0", micros = "0"] = ts.split(".");
  return new Date(Number(secs) * 1000 + Math.floor(Number(micros.padEnd(6, "0").slice(0, 6)) / 1000));
}

export interface PostTarget {
  /** A channel id, or a user id for a DM. */
  channel: string;
  /** Set for a reply: the thread's parent ts. */
  threadTs?: string | null | undefined;
}

export interface FoundPosts {
  /** Outbox row id → where its message is. */
  posts: Map<string, { channel: string; ts: string }>;
  /** Pages ran out before the search reached `since` (a very busy conversation). */
  truncated: boolean;
}

/**
 * Looks for messages carrying any of `ids`, posted since `sinceMs` (less the margin), where the
 * post would have gone. Slack errors are thrown as the SDK's typed errors; the caller decides
 * which mean "cannot look, post anyway" and which mean "try again later".
 */
export async function findPosted(
  client: WebClient,
  target: PostTarget,
  ids: ReadonlySet<string>,
  sinceMs: number,
): Promise<FoundPosts> {
  const self = await selfOf(client);
  let channel = target.channel;
  if (/^[UW]/.test(channel)) {
    // A DM was posted to the user id; its messages live in the IM conversation.
    const im = await client.conversations.open({ users: channel });
    if (!im.channel?.id) throw new Error("conversations.open returned no channel");
    channel = im.channel.id;
  }
  const oldest = slackTs(sinceMs - LOOKBACK_MARGIN_MS);
  const posts = new Map<string, { channel: string; ts: string }>();
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
    const common = {
      channel,
      oldest,
      include_all_metadata: true,
      limit: HISTORY_PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    };
    const res = target.threadTs
      ? await client.conversations.replies({ ...common, ts: target.threadTs })
      : await client.conversations.history(common);
    for (const message of res.messages ?? []) {
      if (!message.ts || !postedBy(self, message)) continue;
      for (const id of outboxIdsOf(
        message as { metadata?: { event_type?: string; event_payload?: unknown } },
      ))
        if (ids.has(id) && !posts.has(id)) posts.set(id, { channel, ts: message.ts });
    }
    if (posts.size === ids.size) return { posts, truncated: false };
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) return { posts, truncated: false };
  }
  return { posts, truncated: true };
}
