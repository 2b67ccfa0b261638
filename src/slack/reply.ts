// Private replies: only the person who clicked or typed sees them. A slash command or a message
// button carries a response_url (an ephemeral reply that needs no channel membership); a modal
// submission does not, so it falls back to chat.postEphemeral in the channel, else a DM.
import type { RespondArguments, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { SlackMessage } from "./blocks/types.ts";

const replyTarget = z.object({
  response_url: z.string().url().optional(),
  user: z.object({ id: z.string() }).optional(),
  user_id: z.string().optional(),
  channel: z.object({ id: z.string() }).optional(),
  channel_id: z.string().optional(),
  event: z.object({ user: z.string().optional() }).optional(),
});

export function actorOf(body: unknown): string | null {
  const t = replyTarget.safeParse(body);
  if (!t.success) return null;
  return t.data.user?.id ?? t.data.user_id ?? t.data.event?.user ?? null;
}

/** How long a private reply may take before it is given up (Slack answers in well under 1 s). */
export const REPLY_TIMEOUT_MS = 10_000;

export interface ReplyOptions {
  /** Bolt's respond() for this request, when the listener has one. */
  respond?: RespondFn | undefined;
  timeoutMs?: number;
}

export async function replyPrivately(
  client: WebClient,
  body: unknown,
  msg: SlackMessage,
  options: ReplyOptions = {},
): Promise<void> {
  const parsed = replyTarget.safeParse(body);
  const t = parsed.success ? parsed.data : {};
  if (t.response_url) {
    const reply = {
      response_type: "ephemeral" as const,
      replace_original: false,
      text: msg.text,
      blocks: msg.blocks,
    };
    // Bolt's respond() where the listener has it (it throws on a non-2xx answer); the error
    // handler and background replies get the same call built here. Either way with a timeout,
    // so a response_url that never answers cannot hold a listener.
    const respond = options.respond ?? respondTo(t.response_url, options.timeoutMs ?? REPLY_TIMEOUT_MS);
    await respond(reply);
    return;
  }
  const user = t.user?.id ?? t.user_id ?? t.event?.user;
  if (!user) return;
  const channel = t.channel?.id ?? t.channel_id;
  if (channel && !channel.startsWith("D")) {
    await client.chat.postEphemeral({ channel, user, text: msg.text, blocks: msg.blocks });
    return;
  }
  await client.chat.postMessage({ channel: user, text: msg.text, blocks: msg.blocks });
}

function respondTo(url: string, timeoutMs: number): (message: RespondArguments) => Promise<unknown> {
  return async (message) => {
    const res = await timedFetch(timeoutMs)(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message),
    });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
    return res;
  };
}

/** fetch with a deadline (kept with the caller's own signal, if any). */
export function timedFetch(timeoutMs: number): typeof fetch {
  return (input, init = {}) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, signal });
  };
}
