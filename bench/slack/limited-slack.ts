// A fake Slack Web API for the latency bench that enforces Slack's posting limit per channel:
// about one message a second with short bursts (a token bucket of `burst`, refilled at
// `perSecond`, with 100 ms of grace for loopback jitter), answering 429 with Retry-After past
// it, as Slack does. Every chat.postMessage is recorded with the instant it arrived, the lead ids
// it offers a Claim button for, and its thread; everything else answers ok.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { claimLeadIds } from "../../test/helpers/fake-slack.ts";

export interface Post {
  at: number;
  channel: string;
  threadTs: string | null;
  ts: string;
  leadIds: string[];
}

interface Bucket {
  tokens: number;
  at: number;
}

const GRACE_TOKENS = 0.1;

export class LimitedSlack {
  readonly posts: Post[] = [];
  /** 429s answered, by channel. */
  readonly refused = new Map<string, number>();
  readonly updates: number[] = [];
  private readonly buckets = new Map<string, Bucket>();
  private server: Server | undefined;
  private counter = 0;
  base = "";
  /** Called with each accepted post (the bench clicks Claim from here). */
  onPost: (post: Post) => void = () => {};

  constructor(private readonly limit: { burst: number; perSecond: number } = { burst: 3, perSecond: 1 }) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, { "content-type": "application/json", ...headers });
          res.end(JSON.stringify(body));
        },
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  responseUrl(): string {
    return `${this.base}/response/${++this.counter}`;
  }

  get refusedTotal(): number {
    return [...this.refused.values()].reduce((a, b) => a + b, 0);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Spends a token of the channel, or says how many seconds until one. */
  private admit(channel: string, now: number): number | null {
    const b = this.buckets.get(channel) ?? { tokens: this.limit.burst, at: now };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
    b.at = now;
    this.buckets.set(channel, b);
    if (b.tokens >= 1 - GRACE_TOKENS) {
      b.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.limit.perSecond));
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; headers?: Record<string, string>; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", this.base);
    if (!url.pathname.startsWith("/api/")) return { status: 200, body: { ok: true } };
    const method = url.pathname.slice(5);
    const body = parseBody(String(req.headers["content-type"] ?? ""), Buffer.concat(chunks).toString("utf8"));
    const now = Date.now();
    switch (method) {
      case "chat.postMessage": {
        const raw = String(body.channel ?? "");
        const channel = /^[UW]/.test(raw) ? `D${raw}` : raw;
        const wait = this.admit(channel, now);
        if (wait !== null) {
          this.refused.set(channel, (this.refused.get(channel) ?? 0) + 1);
          return {
            status: 429,
            headers: { "retry-after": String(wait) },
            body: { ok: false, error: "ratelimited" },
          };
        }
        const ts = `${Math.floor(now / 1000)}.${String(++this.counter % 1_000_000).padStart(6, "0")}`;
        const post: Post = {
          at: now,
          channel,
          threadTs: typeof body.thread_ts === "string" && body.thread_ts !== "" ? body.thread_ts : null,
          ts,
          leadIds: claimLeadIds(body),
        };
        this.posts.push(post);
        this.onPost(post);
        return { status: 200, body: { ok: true, channel, ts, message: { ts } } };
      }
      case "chat.update":
        this.updates.push(now);
        return { status: 200, body: { ok: true, channel: body.channel, ts: body.ts } };
      case "conversations.open":
        return { status: 200, body: { ok: true, channel: { id: `D${String(body.users ?? "X")}` } } };
      case "conversations.history":
      case "conversations.replies":
        return { status: 200, body: { ok: true, messages: [], has_more: false } };
      case "auth.test":
        return { status: 200, body: { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1" } };
      default:
        return { status: 200, body: { ok: true } };
    }
  }
}

function parseBody(contentType: string, raw: string): Record<string, unknown> {
  if (raw === "") return {};
  if (contentType.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      out[k] = v;
    }
  }
  return out;
}
