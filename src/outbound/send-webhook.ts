// One signed POST to a receiver, with the scheme LeadOps asks of its own senders (CONTRACT.md):
// `X-LeadOps-Timestamp` and `X-LeadOps-Signature: sha256=<hex HMAC of "<timestamp>.<body>">`.
import { parseRetryAfter } from "../core/outbound/plan-retry.ts";
import { sign } from "../intake/signatures.ts";
import type { Webhook } from "./resolve-webhooks.ts";

export type SendResult = { ok: true } | { ok: false; error: string; retryAfterMs?: number | undefined };

export async function sendWebhook(input: {
  hook: Webhook;
  body: string;
  eventId: string;
  type: string;
  now: Date;
  timeoutMs: number;
}): Promise<SendResult> {
  const { hook, body, now } = input;
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const res = await fetch(hook.url, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "LeadOps-Webhooks",
        "x-leadops-event-id": input.eventId,
        "x-leadops-event": input.type,
        ...sign.leadops(hook.secret, body, timestamp),
      },
      // A redirect could carry the signed body somewhere the config did not name.
      redirect: "manual",
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    // The body is not used; reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true };
    return {
      ok: false,
      error: `HTTP ${res.status}`,
      retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), now),
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, error: `${e.name}: ${e.cause?.code ?? e.message}` };
  }
}
