// The leads one Slack post carries, as the outbox recorded them when it sent the post: several
// for a combined burst post. null when no sent hot post in that channel has that ts.
import type { OutboxMessage } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const read = statement<Pick<OutboxMessage, "result">, [string]>(
  "readLeadsInPost",
  ["result"],
  `SELECT result FROM "OutboxMessage"
   WHERE kind = 'hot_lead_post' AND status = 'sent' AND result->'ts' = to_jsonb($1::text)
   LIMIT 1`,
);

export async function readLeadsInPost(opts: {
  db: Tx;
  post: { channel: string; ts: string };
}): Promise<string[] | null> {
  const { channel, ts } = opts.post;
  const [sent] = await read.run(opts.db, ts);
  const result = (sent?.result ?? null) as { channel?: string; leadIds?: unknown } | null;
  const ids = result?.leadIds;
  if (!Array.isArray(ids) || result?.channel !== channel) return null;
  return ids.filter((x): x is string => typeof x === "string");
}
