// One signed POST to a receiver, with the scheme LeadOps asks of its own senders (CONTRACT.md):
// `X-LeadOps-Timestamp` and `X-LeadOps-Signature: sha256=<hex HMAC of "<timestamp>.<body>">`.
import type { EventBody } from "../core/outbound/build-event-body.ts";
import { parseRetryAfter } from "../core/outbound/plan-retry.ts";
import { sign } from "../intake/signatures.ts";

/** `permanent`: retrying cannot help (a refused token); the row is dead-lettered at once. */
export type SendResult =
  | { ok: true }
  | { ok: false; error: string; retryAfterMs?: number | undefined; permanent?: boolean };

export async function sendWebhook(input: {
  hook: { url: string; secret: string };
  body: EventBody;
  now: Date;
  timeoutMs: number;
}): Promise<SendResult> {
  const { hook, now } = input;
  const body = JSON.stringify(input.body);
  const timestamp = Math.floor(now.getTime() / 1000);
  return post(
    hook.url,
    {
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "LeadOps-Webhooks",
        "x-leadops-event-id": input.body.id,
        "x-leadops-event": input.body.type,
        ...sign.leadops(hook.secret, body, timestamp),
      },
    },
    now,
    input.timeoutMs,
  );
}

/** A POST whose 2xx is success; anything else is a failure with the receiver's Retry-After. */
export function post(
  url: string,
  init: { body: string; headers: Record<string, string> },
  now: Date,
  timeoutMs: number,
): Promise<HttpResult> {
  return request(url, { method: "POST", ...init }, now, timeoutMs);
}

/** The outcome of one call; `json` is a 2xx reply's body when it is JSON. */
export type HttpResult = (SendResult & { status?: number }) & { json?: unknown };

export async function request(
  url: string,
  init: { method: "POST" | "PUT" | "DELETE"; body?: string; headers: Record<string, string> },
  now: Date,
  timeoutMs: number,
): Promise<HttpResult> {
  try {
    const res = await fetch(url, {
      ...init,
      // A redirect could carry the body and its credentials somewhere the config did not name.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Reading the body frees the connection; API targets use a 2xx reply's JSON.
    const text = await res.text().catch(() => "");
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, json: parseJson(text) };
    return {
      ok: false,
      status: res.status,
      error: `HTTP ${res.status}`,
      retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), now),
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, error: `${e.name}: ${e.cause?.code ?? e.message}` };
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
