// What a Slack error means for the row that met it. 429: the row (and its channel) wait exactly
// Retry-After; 5xx and network errors back off exponentially with jitter and never give up (an
// outage delays, never loses); permanent errors (channel_not_found, invalid_auth …) mark the row
// failed with the error; anything else is ours and is retried a few times.
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from "@slack/web-api";
import type { NoticeResult } from "../../store/outbox/settle-notice.ts";
import type { OutboxRow } from "../render/types.ts";
import type { Pass } from "./pass.ts";
import { backoff, fail, reschedule, retry } from "./settle-row.ts";

const TRANSIENT_PLATFORM_ERRORS = new Set([
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "ratelimited",
  "team_added_to_org",
]);

/**
 * After a failed chat.postMessage or chat.update. `post`: the call was a chat.postMessage, so an
 * error after which Slack may still have posted it (no answer, a 5xx) marks the row for a lookup
 * before the next try.
 */
export async function handleSendError(
  pass: Pass,
  row: OutboxRow,
  channel: string,
  err: unknown,
  post: boolean,
): Promise<void> {
  if (err instanceof WebAPIRateLimitedError) {
    await rateLimited(pass, row, channel, err, "rate limited");
    return;
  }
  if (err instanceof WebAPIPlatformError) {
    const code = err.data.error;
    if (TRANSIENT_PLATFORM_ERRORS.has(code)) await backoff(pass, row, `slack error ${code}`);
    else await fail(pass, row, code);
    return;
  }
  if (err instanceof WebAPIHTTPError) {
    if (err.statusCode >= 500 || err.statusCode === 408)
      await backoff(pass, row, `HTTP ${err.statusCode}`, post ? unknownMark(pass, row) : undefined);
    else await fail(pass, row, `HTTP ${err.statusCode}`);
    return;
  }
  if (err instanceof WebAPIRequestError) {
    await backoff(pass, row, `network: ${err.original.message}`, post ? unknownMark(pass, row) : undefined);
    return;
  }
  await retry(pass, row, err);
}

/** History did not answer now: the row waits (no post), keeping its mark. */
export async function handleLookupError(
  pass: Pass,
  row: OutboxRow,
  channel: string,
  err: unknown,
): Promise<void> {
  if (err instanceof WebAPIRateLimitedError) {
    // History has its own rate limit, but the channel waits too, as after a refused post: the
    // rows of one channel stay on one schedule instead of each trying on its own.
    await rateLimited(pass, row, channel, err, "history rate limited");
    return;
  }
  if (err instanceof WebAPIPlatformError) await backoff(pass, row, `history: slack error ${err.data.error}`);
  else if (err instanceof WebAPIHTTPError) await backoff(pass, row, `history: HTTP ${err.statusCode}`);
  else if (err instanceof WebAPIRequestError)
    await backoff(pass, row, `history: network: ${err.original.message}`);
  else await retry(pass, row, err);
}

/**
 * Why history cannot be read, when no retry will change it (a scope missing, the bot not in the
 * channel, a conversation that is not there …); null for errors worth waiting out.
 */
export function historyUnavailable(err: unknown): string | null {
  if (err instanceof WebAPIRateLimitedError) return null;
  if (err instanceof WebAPIPlatformError)
    return TRANSIENT_PLATFORM_ERRORS.has(err.data.error) ? null : err.data.error;
  if (err instanceof WebAPIHTTPError)
    return err.statusCode >= 500 || err.statusCode === 408 ? null : `HTTP ${err.statusCode}`;
  return null;
}

async function rateLimited(
  pass: Pass,
  row: OutboxRow,
  channel: string,
  err: WebAPIRateLimitedError,
  what: string,
): Promise<void> {
  const until = pass.now.getTime() + Math.max(1, err.retryAfter) * 1000;
  pass.pacing.holdUntil(channel, until, pass.now);
  await reschedule(pass, row, new Date(until), `${what}: retry after ${err.retryAfter}s`);
}

/** The mark of a post whose outcome is unknown since this pass (or earlier, if already marked). */
function unknownMark(pass: Pass, row: OutboxRow): NoticeResult {
  const now = pass.now.getTime();
  return { unknownSince: Math.min(pass.unknown.get(row.id) ?? now, now) };
}
