// The Slack side of LeadOps: the Bolt app (HTTP mode on our fastify server, or Socket Mode when
// SLACK_APP_TOKEN is set), its single error handler, and the outbox worker that delivers the
// notices domain code queues. Without credentials there is no Bolt app at all (offline mode) and
// notices simply wait in the outbox.
import { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { missingSlackCredentials } from "../config/env.ts";
import type { AppContext } from "../context.ts";
import type { RouteGroup } from "../http/server.ts";
import { asDomainError, domainErrorMessage, UNEXPECTED } from "./errors.ts";
import { register } from "./listeners/index.ts";
import { type OutboxLoop, startOutboxLoop } from "./outbox/start-outbox-loop.ts";
import { FastifyReceiver } from "./receiver.ts";
import { replyPrivately } from "./reply.ts";
import { boltLogger, createWebClient, slackClientOptions } from "./web-client.ts";

export interface SlackRuntime {
  mode: "http" | "socket";
  app: App;
  /** The bot's Web API client (the outbox delivers with it). */
  client: WebClient;
  /** Route groups to serve (`POST /slack/events` in HTTP mode). */
  routes: RouteGroup[];
  /** Connects Socket Mode and starts the outbox loop. */
  start(): Promise<void>;
  /** Resolves when every Slack request received so far has been processed (tests, shutdown). */
  idle(): Promise<void>;
  wakeOutbox(): void;
  stop(): Promise<void>;
}

export interface SlackOptions {
  /** Run the outbox loop (tests drive runOutboxOnce themselves). Default true. */
  outboxLoop?: boolean;
}

export function createSlackRuntime(ctx: AppContext, options: SlackOptions = {}): SlackRuntime | null {
  const { env } = ctx;
  if (missingSlackCredentials(env).length > 0 || !env.SLACK_BOT_TOKEN) return null;
  const botToken = env.SLACK_BOT_TOKEN;
  const socket = env.SLACK_APP_TOKEN !== undefined;
  const client = createWebClient(env, ctx.logger);
  const logger = boltLogger(ctx.logger);
  const clientOptions = slackClientOptions(env, ctx.logger);
  // One workspace, one token. An explicit authorize (rather than `token`) skips Bolt's auth.test
  // at start, so a Slack outage cannot stop the process from booting; ignoreSelf needs the bot's
  // ids from that call, and no listener here reacts to messages, so it is off.
  // No listener uses context.conversation either: Bolt's default conversation store would look
  // every event's channel up and build (and throw away) an Error with a stack for each miss,
  // before the listener can ack (bench/slack/claim.ts, docs/benchmarks.md).
  const authorize = async () => ({ botToken });
  const receiver = socket
    ? undefined
    : new FastifyReceiver({
        signingSecret: env.SLACK_SIGNING_SECRET ?? "",
        logger: ctx.logger,
        now: ctx.now,
      });
  const app = socket
    ? new App({
        authorize,
        appToken: env.SLACK_APP_TOKEN,
        socketMode: true,
        logger,
        clientOptions,
        ignoreSelf: false,
        convoStore: false,
        extendedErrorHandler: true,
      })
    : new App({
        authorize,
        receiver,
        logger,
        clientOptions,
        ignoreSelf: false,
        convoStore: false,
        extendedErrorHandler: true,
      });

  let loop: OutboxLoop | undefined;
  const wakeOutbox = () => loop?.wake();

  // The one Slack error handler: refusals and conflicts are answered privately with their reason.
  app.error(async ({ error, body }: { error: Error; body: unknown }) => {
    const domain = asDomainError(error);
    if (domain) {
      await replyPrivately(client, body, domainErrorMessage(domain));
      return;
    }
    ctx.logger.error({ err: error }, "slack listener failed");
    await replyPrivately(client, body, UNEXPECTED);
  });

  register(app, { ctx, wakeOutbox });

  return {
    mode: socket ? "socket" : "http",
    app,
    client,
    routes: receiver ? [receiver.routes()] : [],
    async start() {
      if (socket) await app.start();
      if (options.outboxLoop !== false) loop = startOutboxLoop(ctx, client);
      ctx.logger.info({ mode: socket ? "socket" : "http" }, "slack app started");
    },
    async idle() {
      await receiver?.idle();
    },
    wakeOutbox,
    async stop() {
      await loop?.stop();
      if (socket) await app.stop();
      await receiver?.stop();
    },
  };
}
