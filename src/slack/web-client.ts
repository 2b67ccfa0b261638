// The Web API client options every Slack call uses. Retries are ours, not the SDK's: with
// `retries: 0` and `rejectRateLimitedCalls` a 429 or 5xx comes straight back as a typed error,
// so the outbox can reschedule the row in the database instead of a process sleeping on it (a
// restart would forget an in-memory retry; the table does not).
import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Env } from "../config/env.ts";
import type { Logger } from "../observability/logger.ts";
import { REPLY_TIMEOUT_MS, timedFetch } from "./reply.ts";

export function slackClientOptions(env: Env, logger: Logger): WebClientOptions {
  return {
    slackApiUrl: env.SLACK_API_URL,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    // Bolt's respond() posts to response_url with this fetch; the deadline bounds it too.
    fetch: timedFetch(REPLY_TIMEOUT_MS),
    logger: boltLogger(logger),
  };
}

export function createWebClient(env: Env, logger: Logger): WebClient {
  return new WebClient(env.SLACK_BOT_TOKEN, slackClientOptions(env, logger));
}

// Socket Mode at debug level prints every envelope it receives, sends or acks (the whole
// event, command or view): only the line's kind is kept. Anchored, no backtracking.
const PAYLOAD_LINES =
  /^(http request (?:body|result)|Received a message on the WebSocket|Unable to parse an incoming WebSocket message|Sending a WebSocket message|Calling ack\(\) - type: [\w-]*)[\s\S]*/;

export function withoutPayload(line: string): string {
  return line.replace(PAYLOAD_LINES, "$1 omitted");
}

/** @slack/logger's interface over our pino logger (redaction included). */
export function boltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: "slack" });
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    // The Web API client logs whole request bodies and results at debug level: messages about
    // leads (names, companies, emails) would bypass the redaction, so only their kind is kept.
    debug: (...msg: unknown[]) => child.debug(withoutPayload(text(msg))),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel(l: LogLevel) {
      level = l;
    },
    getLevel: () => level,
    setName() {},
  };
}
