// Exactly once: a row whose last post may have reached Slack without the app hearing back
// (claimed again after its lease ran out, or a post that timed out or got a 5xx) carries
// `result.unknownSince`. Before it is posted again, its message is looked for in the conversation
// (find-posted.ts) and, if it is there, its ts is recorded instead of posting again. Where history
// cannot be read (a scope missing, the bot not in the channel) it is posted again: at least once,
// logged.
import type { AppContext } from "../../context.ts";
import { clearNoticeResults } from "../../store/outbox/settle-notice.ts";
import { leadIdOf } from "../render/lead-data.ts";
import type { OutboxRow } from "../render/types.ts";
import { findPosted, type PostTarget, tsToDate } from "./find-posted.ts";
import { handleLookupError, historyUnavailable } from "./handle-slack-error.ts";
import type { Pass } from "./pass.ts";
import { hotPostSent, sent } from "./settle-row.ts";

type Found = Map<string, { channel: string; ts: string }>;

/**
 * The hot rows whose last post may be in the channel are looked up first; those found are
 * recorded as sent. Returns the rows still to post.
 */
export async function recoverHotRows(pass: Pass, channel: string, rows: OutboxRow[]): Promise<OutboxRow[]> {
  const unsure = rows.filter((r) => pass.unknown.has(r.id));
  if (unsure.length === 0) return rows;
  // The lookup takes a token of the channel as a post would: rows that come due meanwhile wait
  // for the next one and go out together, instead of each making its own call (after an
  // outage, separate calls would each be refused and each push its backoff further).
  pass.pacing.take(channel, pass.ctx.now());
  // A failed lookup fails the group's try, as a failed post did: the group stays together and
  // no post follows a call Slack just refused (during an outage that would double the calls).
  const found = await lookup(pass, unsure, { channel }, rows);
  if (found === null) return [];
  const byTs = new Map<string, { channel: string; rows: { row: OutboxRow; leadId: string | null }[] }>();
  for (const row of unsure) {
    const hit = found.get(String(row.id));
    if (!hit) continue;
    const entry = byTs.get(hit.ts) ?? { channel: hit.channel, rows: [] };
    entry.rows.push({ row, leadId: leadIdOf(row) });
    byTs.set(hit.ts, entry);
  }
  for (const [ts, entry] of byTs) {
    pass.ctx.logger.info(
      { channel: entry.channel, ts, outboxIds: entry.rows.map((r) => String(r.row.id)) },
      "outbox: post found in Slack, not sent again",
    );
    await hotPostSent(pass, entry.rows, {
      channel: entry.channel,
      ts,
      postedAt: tsToDate(ts),
      recovered: true,
    });
  }
  return rows.filter((r) => !found.has(String(r.id)));
}

/**
 * Rows about to go out together in one channel message (an alert summary): those whose last post
 * may be in the channel are looked up first, and those found are recorded as sent. Returns the
 * rows still to post (none when Slack did not answer: the rows were rescheduled).
 */
export async function recoverChannelRows(
  pass: Pass,
  channel: string,
  rows: OutboxRow[],
): Promise<OutboxRow[]> {
  const unsure = rows.filter((r) => pass.unknown.has(r.id));
  if (unsure.length === 0) return rows;
  pass.pacing.take(channel, pass.ctx.now());
  const found = await lookup(pass, unsure, { channel }, rows);
  if (found === null) return [];
  for (const row of unsure) {
    const hit = found.get(String(row.id));
    if (hit) await sent(pass, row, { channel: hit.channel, ts: hit.ts, recovered: true }, true);
  }
  return rows.filter((r) => !found.has(String(r.id)));
}

/**
 * Before posting `row` to `target`: "post" when it may go out, the earlier post when it was in
 * Slack (recorded as sent), "waiting" when Slack did not answer and the row was rescheduled.
 */
export async function recoverPost(
  pass: Pass,
  row: OutboxRow,
  target: PostTarget,
): Promise<"post" | { found: { channel: string; ts: string } } | "waiting"> {
  if (!pass.unknown.has(row.id)) return "post";
  pass.pacing.take(target.channel, pass.ctx.now());
  const found = await lookup(pass, [row], target, [row]);
  if (found === null) return "waiting";
  const hit = found.get(String(row.id));
  if (!hit) return "post";
  pass.ctx.logger.info(
    { channel: hit.channel, ts: hit.ts, outboxId: String(row.id), kind: row.kind },
    "outbox: post found in Slack, not sent again",
  );
  await sent(pass, row, { channel: hit.channel, ts: hit.ts, recovered: true }, true);
  return { found: hit };
}

/**
 * Looks in Slack for earlier posts of these rows. Returns row id → where the message is (rows
 * absent were not found, or history could not be read: post them), or null when Slack did not
 * answer now and the rows of this try (`tryRows`) were rescheduled (posting without knowing
 * could send twice).
 */
async function lookup(
  pass: Pass,
  rows: OutboxRow[],
  target: PostTarget,
  tryRows: OutboxRow[],
): Promise<Found | null> {
  const since = Math.min(...rows.map((r) => pass.unknown.get(r.id) ?? pass.now.getTime()));
  const ids = new Set(rows.map((r) => String(r.id)));
  let posts: Found;
  try {
    const found = await findPosted(pass.client, target, ids, since);
    posts = found.posts;
    if (found.truncated && posts.size < ids.size)
      warnOnce(pass.ctx, target.channel, "too many messages since the attempt to search them all");
  } catch (err) {
    const reason = historyUnavailable(err);
    if (reason === null) {
      for (const row of tryRows) await handleLookupError(pass, row, target.channel, err);
      return null;
    }
    warnOnce(pass.ctx, target.channel, reason);
    posts = new Map();
  }
  // Not in Slack now, and this instance holds the rows: the post about to be made is the only
  // one that can be out there, and a crash or error during it marks the row again.
  const absent = rows.filter((r) => !posts.has(String(r.id)));
  if (absent.length > 0) {
    await clearNoticeResults(
      pass.ctx.db,
      absent.map((r) => r.id),
    );
    for (const row of absent) pass.unknown.delete(row.id);
  }
  return posts;
}

// Why history could not be read, per channel, already logged: once per process is enough.
const warned = new WeakMap<AppContext, Set<string>>();

function warnOnce(ctx: AppContext, channel: string, reason: string): void {
  const key = `${channel}:${reason}`;
  let seen = warned.get(ctx);
  if (!seen) {
    seen = new Set();
    warned.set(ctx, seen);
  }
  if (seen.has(key)) return;
  seen.add(key);
  ctx.logger.warn(
    { channel, reason },
    "outbox: cannot check Slack for an earlier post of a notice, posting it again (it may show twice); see docs/reliability.md, finding 1",
  );
}
