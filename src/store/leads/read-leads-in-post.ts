// The leads one Slack post carries, as the outbox recorded them when it sent the post: several
// for a combined burst post. null when no sent hot post in that channel has that ts.
import type { Database } from "../db.ts";

export async function readLeadsInPost(opts: {
  db: Pick<Database, "prisma">;
  post: { channel: string; ts: string };
}): Promise<string[] | null> {
  const { channel, ts } = opts.post;
  const sent = await opts.db.prisma.outboxMessage.findFirst({
    where: { kind: "hot_lead_post", status: "sent", result: { path: ["ts"], equals: ts } },
    select: { result: true },
  });
  const result = (sent?.result ?? null) as { channel?: string; leadIds?: unknown } | null;
  const ids = result?.leadIds;
  if (!Array.isArray(ids) || result?.channel !== channel) return null;
  return ids.filter((x): x is string => typeof x === "string");
}
