// Private replies: only the person who clicked or typed sees them. A slash command or a message
// button carries a response_url (an ephemeral reply that needs no channel membership); a modal
// submission does not, so it falls back to chat.postEphemeral in the channel, else a DM.
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

export async function replyPrivately(client: WebClient, body: unknown, msg: SlackMessage): Promise<void> {
  const parsed = replyTarget.safeParse(body);
  const t = parsed.success ? parsed.data : {};
  if (t.response_url) {
    const res = await fetch(t.response_url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        response_type: "ephemeral",
        replace_original: false,
        text: msg.text,
        blocks: msg.blocks,
      }),
    });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
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
