// A fake Slack for tests, at the HTTP layer: a local server that plays the Web API (every call
// recorded, answering `ok: true` unless scripted to answer 429 with Retry-After, 500 or a
// platform error) and the response_url endpoint; a request signer; and an app booted against it
// with a controllable clock.
//
// Messages are kept as Slack keeps them: chat.postMessage stores the message (with its metadata
// and thread) in its conversation (a DM posted to a user id lands in the IM `D<user id>`, the
// channel conversations.open returns), chat.update changes it, and conversations.history and
// conversations.replies answer from them with Slack's paging (`oldest`/`latest`/`inclusive`,
// `limit`, `cursor`), metadata only with `include_all_metadata`. A message's ts is the fake's
// clock (`now`, the test's clock when the app is started through startSlackTestApp) in seconds,
// with a counter as the microseconds so every ts is unique.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import type { LightMyRequestResponse } from "fastify";
import { boot, type Running } from "../../src/boot.ts";
import { parseEnv } from "../../src/config/env.ts";
import { parseRules } from "../../src/config/rules.ts";
import { createLogger } from "../../src/observability/logger.ts";
import type { SlackRuntime } from "../../src/slack/app.ts";
import { type OutboxRunResult, runOutboxOnce } from "../../src/slack/outbox/run-outbox-once.ts";
import { signSlackBody } from "../../src/slack/verify.ts";
import type { Database } from "../../src/store/db.ts";
import { createTestDatabase, type DbKind, type TestDatabase } from "./db.ts";

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `response_url` for replies to a response_url. */
  method: string;
  /** The id in the response_url path, for `response_url` calls (the file id for `file_upload`). */
  responseId?: string;
  body: Record<string, unknown>;
  /** The file's bytes, for `file_upload` (step 2 of files.uploadV2, a POST to the upload_url). */
  data?: Buffer;
}

export type ScriptedAnswer =
  | { status: 429; retryAfter: number }
  /** `delivered`: Slack did the work (posted the message) and then answered the error. */
  | { status: 500 | 502 | 503 | 504; delivered?: boolean }
  | { error: string };

/** A message as conversations.history returns it. */
export interface StoredMessage {
  type: "message";
  ts: string;
  text?: string;
  blocks?: unknown;
  metadata?: { event_type: string; event_payload: unknown };
  thread_ts?: string;
  bot_id: string;
  user: string;
  reply_count?: number;
}

/** The bot's ids, as auth.test reports them; every message the app posts is from this bot. */
const BOT = { user: "UBOT", bot_id: "BBOT" };

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  /** Conversation id → its messages (thread replies included), in the order posted. */
  private readonly conversations = new Map<string, StoredMessage[]>();
  private server: Server | undefined;
  private tsCounter = 0;
  base = "";
  /** The clock of message timestamps. */
  now: () => Date = () => new Date();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, headers, body }) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A response_url for one request; replies to it are recorded with this id. */
  responseUrl(id: string = randomBytes(4).toString("hex")): string {
    return `${this.base}/response/${id}`;
  }

  /** The next calls of `method` get these answers, in order, before the default `ok: true`. */
  script(method: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...answers]);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** The messages in a conversation (a channel id, or a user id for the bot's DM with them). */
  messagesIn(channel: string): StoredMessage[] {
    return [...(this.conversations.get(conversationOf(channel)) ?? [])];
  }

  /**
   * Puts a message in a conversation as if the app had posted it, without recording a call (a
   * post whose answer the app never got). Returns its ts.
   */
  seed(message: {
    channel: string;
    text?: string;
    thread_ts?: string;
    metadata?: { event_type: string; event_payload: unknown };
    /** Another app's or person's message (default: this app's bot). */
    from?: { bot_id: string; user: string };
  }): string {
    const stored = this.store(conversationOf(message.channel), message);
    if (message.from) Object.assign(stored, message.from);
    return stored.ts;
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(this.now().getTime() / 1000)}.${String(this.tsCounter % 1_000_000).padStart(6, "0")}`;
  }

  private store(conversation: string, body: Record<string, unknown>): StoredMessage {
    const message: StoredMessage = { type: "message", ts: this.nextTs(), ...BOT };
    if (typeof body.text === "string") message.text = body.text;
    if (body.blocks !== undefined) message.blocks = body.blocks;
    const metadata = body.metadata as StoredMessage["metadata"] | undefined;
    if (metadata && typeof metadata === "object" && typeof metadata.event_type === "string")
      message.metadata = { event_type: metadata.event_type, event_payload: metadata.event_payload ?? {} };
    const list = this.conversations.get(conversation) ?? [];
    if (typeof body.thread_ts === "string" && body.thread_ts !== "") {
      message.thread_ts = body.thread_ts;
      const parent = list.find((m) => m.ts === body.thread_ts);
      if (parent) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
      }
    }
    list.push(message);
    this.conversations.set(conversation, list);
    return message;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", this.base);
    if (url.pathname.startsWith("/upload/")) {
      this.calls.push({
        method: "file_upload",
        responseId: url.pathname.slice(8),
        body: {},
        data: await uploadedBytes(req, chunks),
      });
      return { status: 200, body: { ok: true } };
    }
    const raw = Buffer.concat(chunks).toString("utf8");
    const body = parseBody(String(req.headers["content-type"] ?? ""), raw);
    if (url.pathname.startsWith("/response/")) {
      this.calls.push({ method: "response_url", responseId: url.pathname.slice(10), body });
      return { status: 200, body: { ok: true } };
    }
    const method = url.pathname.replace(/^\/api\//, "");
    const scripted = this.scripts.get(method)?.shift();
    // Scripted failures are recorded too: tests count attempts as well as deliveries.
    this.calls.push({ method, body: { ...body, ...(scripted ? { __scripted: scripted } : {}) } });
    if (scripted) {
      if ("error" in scripted) return { status: 200, body: { ok: false, error: scripted.error } };
      if (scripted.status === 429)
        return {
          status: 429,
          headers: { "retry-after": String(scripted.retryAfter) },
          body: { ok: false, error: "ratelimited" },
        };
      if (scripted.delivered) this.answer(method, body);
      return { status: scripted.status, body: { ok: false } };
    }
    return { status: 200, body: this.answer(method, body) };
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "chat.postMessage": {
        if (typeof body.channel !== "string" || body.channel === "")
          return { ok: false, error: "channel_not_found" };
        const channel = conversationOf(body.channel);
        const message = this.store(channel, body);
        return { ok: true, channel, ts: message.ts, message };
      }
      case "chat.update": {
        // Answered ok even for a message the fake never stored: tests make posts directly in the
        // database (a lead with a slackTs) and click on them.
        const channel = conversationOf(String(body.channel ?? ""));
        const message = this.conversations.get(channel)?.find((m) => m.ts === body.ts);
        if (message) {
          if (typeof body.text === "string") message.text = body.text;
          if (body.blocks !== undefined) message.blocks = body.blocks;
        }
        return { ok: true, channel, ts: body.ts };
      }
      case "conversations.history":
        return this.history(body);
      case "conversations.replies":
        return this.replies(body);
      case "chat.postEphemeral":
        return { ok: true, message_ts: "1700000000.999999" };
      case "views.open":
      case "views.publish":
        return { ok: true, view: { id: "V123" } };
      case "auth.test":
        return { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1" };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(body.users ?? "X")}` } };
      case "files.getUploadURLExternal":
        return { ok: true, upload_url: `${this.base}/upload/F1`, file_id: "F1" };
      case "files.completeUploadExternal":
        return { ok: true, files: [{ id: "F1" }] };
      default:
        return { ok: true };
    }
  }

  /** conversations.history: top-level messages (and thread parents), newest first. */
  private history(body: Record<string, unknown>): Record<string, unknown> {
    const channel = String(body.channel ?? "");
    // Slack wants a conversation id here; a user id is not one.
    if (channel === "" || /^[UW]/.test(channel)) return { ok: false, error: "channel_not_found" };
    const window = timeWindow(body);
    const all = (this.conversations.get(channel) ?? [])
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
      .filter(window)
      .sort((a, b) => compareTs(b.ts, a.ts));
    const after = cursorTs(body.cursor);
    const rest = after === null ? all : all.filter((m) => compareTs(m.ts, after) < 0);
    return this.page(rest, body, "history");
  }

  /** conversations.replies: the parent, then its replies oldest first. */
  private replies(body: Record<string, unknown>): Record<string, unknown> {
    const channel = String(body.channel ?? "");
    const list = this.conversations.get(channel) ?? [];
    const parent = list.find((m) => m.ts === body.ts);
    if (!parent) return { ok: false, error: "thread_not_found" };
    const window = timeWindow(body);
    const replies = list
      .filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts)
      .filter(window)
      .sort((a, b) => compareTs(a.ts, b.ts));
    const after = cursorTs(body.cursor);
    const rest = after === null ? [parent, ...replies] : replies.filter((m) => compareTs(m.ts, after) > 0);
    return this.page(rest, body, "replies");
  }

  private page(
    messages: StoredMessage[],
    body: Record<string, unknown>,
    kind: string,
  ): Record<string, unknown> {
    const limit = Math.max(1, Math.min(999, Number(body.limit ?? 100) || 100));
    const withMetadata = body.include_all_metadata === true || body.include_all_metadata === "true";
    const page = messages.slice(0, limit).map((m) => {
      const { metadata, ...rest } = m;
      return withMetadata && metadata ? { ...rest, metadata } : rest;
    });
    const hasMore = messages.length > limit;
    const last = page.at(-1);
    return {
      ok: true,
      messages: page,
      has_more: hasMore,
      ...(kind === "history" ? { pin_count: 0 } : {}),
      response_metadata: {
        next_cursor: hasMore && last ? Buffer.from(`next_ts:${last.ts}`).toString("base64") : "",
      },
    };
  }
}

/** A DM posted to a user id goes to the bot's IM with them (the id conversations.open answers). */
function conversationOf(channel: string): string {
  return /^[UW]/.test(channel) ? `D${channel}` : channel;
}

/** Slack timestamps compared exactly (as numbers they would lose the microseconds). */
function compareTs(a: string, b: string): number {
  const big = (ts: string) => {
    const [secs = "0", micros = "0"] = ts.split(".");
    return BigInt(secs) * 1_000_000n + BigInt(micros.padEnd(6, "0").slice(0, 6) || "0");
  };
  const d = big(a) - big(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** `oldest`/`latest`, exclusive unless `inclusive`, as Slack applies them. */
function timeWindow(body: Record<string, unknown>): (m: StoredMessage) => boolean {
  const inclusive = body.inclusive === true || body.inclusive === "true" || body.inclusive === "1";
  const oldest = typeof body.oldest === "string" && body.oldest !== "" ? body.oldest : null;
  const latest = typeof body.latest === "string" && body.latest !== "" ? body.latest : null;
  return (m) => {
    if (oldest !== null) {
      const c = compareTs(m.ts, oldest);
      if (c < 0 || (c === 0 && !inclusive)) return false;
    }
    if (latest !== null) {
      const c = compareTs(m.ts, latest);
      if (c > 0 || (c === 0 && !inclusive)) return false;
    }
    return true;
  };
}

function cursorTs(cursor: unknown): string | null {
  if (typeof cursor !== "string" || cursor === "") return null;
  const text = Buffer.from(cursor, "base64").toString("utf8");
  return text.startsWith("next_ts:") ? text.slice(8) : null;
}

/** The file posted to an upload_url: the SDK sends a Buffer as multipart form data, a string as a form field. */
async function uploadedBytes(req: IncomingMessage, chunks: Buffer[]): Promise<Buffer> {
  const raw = Buffer.concat(chunks);
  const contentType = String(req.headers["content-type"] ?? "");
  if (!contentType.startsWith("multipart/form-data")) return raw;
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.from(String(form.values().next().value ?? ""));
}

function parseBody(contentType: string, raw: string): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The SDK sends blocks, views and other structures as JSON strings inside the form.
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export const SIGNING_SECRET = "test-signing-secret";

/** Slack's v0 signature headers for a body. */
export function signedHeaders(
  body: string,
  opts: { secret?: string; timestamp: number; contentType: string },
): Record<string, string> {
  return {
    "content-type": opts.contentType,
    "x-slack-request-timestamp": String(opts.timestamp),
    "x-slack-signature": signSlackBody(opts.secret ?? SIGNING_SECRET, opts.timestamp, body),
  };
}

/** A clock tests move by hand. */
export class TestClock {
  constructor(private ms: number = Math.floor(Date.now() / 1000) * 1000) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
  get seconds(): number {
    return Math.floor(this.ms / 1000);
  }
}

export interface SlackTestApp extends Running {
  slack: SlackRuntime;
  db: Database;
  clock: TestClock;
  fake: FakeSlack;
  logs: string[];
  /** POSTs a signed body to /slack/events as Slack does. */
  send(
    body: string,
    contentType: "application/json" | "application/x-www-form-urlencoded",
    opts?: { timestamp?: number; secret?: string },
  ): Promise<LightMyRequestResponse>;
  /** Sends a `payload=` interactivity form post. */
  interact(payload: unknown): Promise<LightMyRequestResponse>;
  /** Waits for every listener still running after its ack. */
  idle(): Promise<void>;
  /** One outbox pass with a fixed jitter (the upper half of the window). */
  outbox(): Promise<OutboxRunResult>;
  /** Stops this app only (the database stays), as a process would stop. */
  halt(): Promise<void>;
  close(): Promise<void>;
}

export interface SlackTestOptions {
  kind: DbKind;
  rulesYaml?: string;
  fake?: FakeSlack;
  clock?: TestClock;
  /** Reuse a database (a restart); its owner drops it. */
  database?: TestDatabase;
  /** Run the real outbox loop instead of passes driven by the test. */
  outboxLoop?: boolean;
}

export async function startSlackTestApp(options: SlackTestOptions): Promise<SlackTestApp> {
  const fake = options.fake ?? (await new FakeSlack().start());
  const clock = options.clock ?? new TestClock();
  // Message timestamps follow the app's clock, so a lookup "since the attempt" finds them.
  fake.now = clock.now;
  const testDb = options.database ?? (await createTestDatabase(options.kind));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const env = parseEnv({
    LOG_LEVEL: "debug",
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  });
  const running = await boot({
    env,
    logger: createLogger("debug", sink),
    database: testDb.db,
    rules: parseRules(options.rulesYaml ?? ""),
    now: clock.now,
    jobs: false,
    slack: { outboxLoop: options.outboxLoop ?? false },
  });
  const slack = running.slack;
  if (!slack) throw new Error("the Slack runtime did not start");
  const send: SlackTestApp["send"] = (body, contentType, opts = {}) =>
    running.server.inject({
      method: "POST",
      url: "/slack/events",
      headers: signedHeaders(body, {
        contentType,
        timestamp: opts.timestamp ?? clock.seconds,
        ...(opts.secret ? { secret: opts.secret } : {}),
      }),
      payload: body,
    });
  let halted = false;
  const halt = async () => {
    if (halted) return;
    halted = true;
    await running.server.close();
    await slack.stop();
  };
  return {
    ...running,
    slack,
    db: testDb.db,
    clock,
    fake,
    logs,
    send,
    interact: (payload) =>
      send(`payload=${encodeURIComponent(JSON.stringify(payload))}`, "application/x-www-form-urlencoded"),
    idle: () => slack.idle(),
    outbox: () => runOutboxOnce(running.ctx, slack.client, { random: () => 1 }),
    halt,
    async close() {
      await halt();
      if (!options.database) await testDb.drop();
      if (!options.fake) await fake.stop();
    },
  };
}
