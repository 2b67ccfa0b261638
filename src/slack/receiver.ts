// Bolt in HTTP mode on our own fastify server: a custom Receiver fed by the `POST /slack/events`
// route. The route verifies the signature over the raw bytes (401 before any parsing), answers
// Slack's url_verification and ssl_check itself, parses the three body shapes Slack sends
// (JSON events, form-encoded slash commands, form-encoded `payload=` interactivity), and replies
// as soon as a listener acks, so Slack gets its answer within 3 s while the work continues.
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HttpError } from "../http/errors.ts";
import type { RouteGroup } from "../http/server.ts";
import type { Logger } from "../observability/logger.ts";
import { verifySlackSignature } from "./verify.ts";

export const SLACK_EVENTS_PATH = "/slack/events";

export interface FastifyReceiverOptions {
  signingSecret: string;
  logger: Logger;
  now: () => Date;
}

type AckBody = string | Record<string, unknown> | undefined;

export class FastifyReceiver implements Receiver {
  private app: App | undefined;
  /** Events still being processed after their ack; drained on stop (and awaited by tests). */
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly options: FastifyReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** fastify owns the socket, so there is nothing to listen on here. */
  async start(): Promise<void> {}

  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves once every event received so far has finished processing. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /** The route group that serves `POST /slack/events`. */
  routes(): RouteGroup {
    return (server: FastifyInstance) => {
      server.post(SLACK_EVENTS_PATH, (req, reply) => this.handle(req, reply));
    };
  }

  private async handle(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const rawBody = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0);
    const check = verifySlackSignature({
      secret: this.options.signingSecret,
      rawBody,
      timestamp: header(req, "x-slack-request-timestamp"),
      signature: header(req, "x-slack-signature"),
      now: this.options.now(),
    });
    if (!check.ok) {
      this.options.logger.warn({ reason: check.reason }, "slack request refused");
      throw new HttpError(401, "invalid_signature", "The Slack signature is missing, wrong or too old");
    }

    const body = parseBody(String(req.headers["content-type"] ?? ""), rawBody);
    if (body.ssl_check !== undefined) return reply.code(200).send("");
    if (body.type === "url_verification") return reply.code(200).send({ challenge: body.challenge });

    const problem = boltShapeProblem(body);
    if (problem !== undefined) {
      this.options.logger.warn({ reason: problem }, "slack request refused");
      throw new HttpError(400, "invalid_body", `The Slack body is not a payload Slack sends: ${problem}`);
    }

    const app = this.app;
    if (!app) throw new Error("Slack receiver used before Bolt initialised it");

    let settle: (value: { acked: boolean; body: AckBody }) => void = () => {};
    const answered = new Promise<{ acked: boolean; body: AckBody }>((resolve) => {
      settle = resolve;
    });
    let acked = false;
    const retryNum = header(req, "x-slack-retry-num");
    const retryReason = header(req, "x-slack-retry-reason");
    const event: ReceiverEvent = {
      body,
      ack: async (response?: AckBody) => {
        if (acked) return;
        acked = true;
        settle({ acked: true, body: response });
        // The answer goes out in this turn (the route awaits `answered`); the listener's work after
        // `await ack()` waits for the next turn of the event loop, so requests that already arrived
        // (twenty Claim clicks at once) are answered before any of their work starts. On PGlite that
        // work runs on this thread: without the wait, the last clicks' answers queued behind the
        // first clicks' transactions (docs/decisions/0008).
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
      ...(retryNum !== undefined ? { retryNum: Number(retryNum) } : {}),
      ...(retryReason !== undefined ? { retryReason } : {}),
    };

    const processing = app.processEvent(event).then(
      () => settle({ acked: false, body: undefined }),
      (err: unknown) => {
        this.options.logger.error({ err }, "slack event processing failed");
        settle({ acked: false, body: undefined });
      },
    );
    this.inflight.add(processing);
    void processing.finally(() => this.inflight.delete(processing));

    const answer = await answered;
    if (answer.body === undefined || answer.body === "") return reply.code(200).send("");
    if (typeof answer.body === "string") return reply.code(200).type("text/plain").send(answer.body);
    return reply.code(200).send(answer.body);
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Slack's three body shapes; anything else is a 400 (the signature was valid, the body is not ours). */
function parseBody(contentType: string, raw: Buffer): Record<string, unknown> & { type?: unknown } {
  const text = raw.toString("utf8");
  try {
    if (contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      const params = new URLSearchParams(text);
      const payload = params.get("payload");
      if (payload !== null) return asObject(JSON.parse(payload));
      return Object.fromEntries(params.entries());
    }
    return asObject(JSON.parse(text));
  } catch (err) {
    throw new HttpError(400, "invalid_body", `The Slack body could not be parsed: ${(err as Error).message}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Bolt's `processEvent` reads the workspace, user and channel from fields it assumes are there
 * (`event.channel.creator`, `authorizations[0].team_id`, `user.id`, `channel.id`…) and throws a
 * TypeError when a signed body lacks them. Such a body is bad input, not our failure: it is refused
 * with a 400 naming the part. The classification follows Bolt's `getTypeAndConversation`.
 */
export function boltShapeProblem(body: Record<string, unknown>): string | undefined {
  if (body.event !== undefined) return eventShapeProblem(body);
  if (body.command !== undefined) return undefined;
  const interactive =
    body.name !== undefined ||
    body.actions !== undefined ||
    [
      "block_suggestion",
      "dialog_submission",
      "shortcut",
      "message_action",
      "view_submission",
      "view_closed",
    ].includes(String(body.type));
  if (!interactive) return undefined;
  if ((body.type === "view_submission" || body.type === "view_closed") && !isObject(body.view)) {
    return "`view` is not an object";
  }
  if (!isObject(body.user)) return "`user` is not an object";
  if (body.channel !== undefined && !isObject(body.channel)) return "`channel` is not an object";
  return undefined;
}

function eventShapeProblem(body: Record<string, unknown>): string | undefined {
  const event = body.event;
  if (!isObject(event)) return "`event` is not an object";
  const auth = body.authorizations;
  if (Array.isArray(auth) && auth.length > 0 && !isObject(auth[0]))
    return "`authorizations[0]` is not an object";
  if ("channel" in event && typeof event.channel !== "string" && !isObject(event.channel)) {
    return "`event.channel` is neither a string nor an object";
  }
  for (const key of ["item", "subteam"] as const) {
    if (key in event && !isObject(event[key])) return `\`event.${key}\` is not an object`;
  }
  return undefined;
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("expected a JSON object");
  }
  return value as Record<string, unknown>;
}
