// A fake Slack Web API for the fault, load and security suites, where the app runs as a child
// process (or in-process) and Slack must misbehave on cue. It wraps the Slack engineer's
// FakeSlack (test/helpers/slack.ts, which records every call and answers like Slack) with a
// proxy in front of it that can:
// - answer 429 (with Retry-After) and 500 in turn for a while, as an outage, recording each refused attempt;
// - hold a call before Slack sees it, or after Slack took it but before the app hears back (the
//   two windows in which a SIGKILL matters for exactly-once delivery).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeSlack, type RecordedCall } from "./slack.ts";

export type { RecordedCall };

export interface CallInfo {
  method: string;
  body: Record<string, unknown>;
}

export interface FaultySlackHooks {
  /** Before the call reaches Slack. Resolve to "hold" to never answer it (the caller is being killed). */
  beforeSlack?(call: CallInfo): Promise<"forward" | "hold"> | "forward" | "hold";
  /** After Slack accepted and recorded the call, before the answer leaves. Resolve to "hold" to never answer. */
  afterSlack?(call: CallInfo): Promise<"answer" | "hold"> | "answer" | "hold";
}

export class FaultySlack {
  readonly inner = new FakeSlack();
  private server: Server | undefined;
  private outageUntil = 0;
  private outageCount = 0;
  /** Calls refused during outages, by status. */
  readonly refused = { 429: 0, 500: 0 };
  hooks: FaultySlackHooks = {};
  base = "";

  async start(): Promise<this> {
    await this.inner.start();
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** SLACK_API_URL for the app. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A response_url served by the inner fake (recorded as method `response_url`). */
  responseUrl(id?: string): string {
    return this.inner.responseUrl(id);
  }

  get calls(): RecordedCall[] {
    return this.inner.calls;
  }

  callsTo(method: string): RecordedCall[] {
    return this.inner.callsTo(method);
  }

  /** From now on, for `ms`, every Web API call answers 429 (Retry-After 1–3 s) or 500, in turn. */
  outage(ms: number): void {
    this.outageUntil = Date.now() + ms;
  }

  get inOutage(): boolean {
    return Date.now() < this.outageUntil;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    await this.inner.stop();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = req.url ?? "/";
    const isApi = path.startsWith("/api/");
    const method = path.replace(/^\/api\//, "").split("?")[0] ?? "";
    if (isApi && this.inOutage) {
      this.outageCount += 1;
      if (this.outageCount % 2 === 1) {
        this.refused[429] += 1;
        res.writeHead(429, {
          "content-type": "application/json",
          "retry-after": String(1 + (this.outageCount % 3)),
        });
        res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      } else {
        this.refused[500] += 1;
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("Internal Server Error");
      }
      return;
    }
    const contentType = String(req.headers["content-type"] ?? "");
    const info: CallInfo = { method, body: parseBody(contentType, raw.toString("utf8")) };
    if (isApi && this.hooks.beforeSlack && (await this.hooks.beforeSlack(info)) === "hold") return;
    const answer = await fetch(`${this.inner.base}${path}`, {
      method: req.method ?? "POST",
      headers: contentType ? { "content-type": contentType } : {},
      ...(req.method === "GET" || req.method === "HEAD" ? {} : { body: raw }),
    });
    const text = await answer.text();
    if (isApi && this.hooks.afterSlack && (await this.hooks.afterSlack(info)) === "hold") return;
    const headers: Record<string, string> = {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    };
    const retryAfter = answer.headers.get("retry-after");
    if (retryAfter) headers["retry-after"] = retryAfter;
    res.writeHead(answer.status, headers);
    res.end(text);
  }
}

function parseBody(contentType: string, raw: string): Record<string, unknown> {
  if (raw === "") return {};
  try {
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
  } catch {
    return { raw };
  }
}

/** The lead ids a posted message offers a Claim button for (one per lead in a combined post). */
export function claimLeadIds(body: Record<string, unknown>): string[] {
  const ids: string[] = [];
  const blocks = Array.isArray(body.blocks) ? body.blocks : [];
  for (const block of blocks as { type?: string; elements?: { action_id?: string; value?: string }[] }[]) {
    if (block.type !== "actions") continue;
    for (const el of block.elements ?? []) if (el.action_id === "lead_claim" && el.value) ids.push(el.value);
  }
  return ids;
}

/** Successful hot-lead posts to `channel`: lead id → how many posts offered it. */
export function hotPostsByLead(slack: FaultySlack, channel: string): Map<string, number> {
  const count = new Map<string, number>();
  for (const call of slack.callsTo("chat.postMessage")) {
    if (call.body.channel !== channel || "__scripted" in call.body) continue;
    for (const id of claimLeadIds(call.body)) count.set(id, (count.get(id) ?? 0) + 1);
  }
  return count;
}
