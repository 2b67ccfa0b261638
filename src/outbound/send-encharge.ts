// Encharge tags and score field: the calls core/outbound/encharge-calls.ts plans, made one after
// the other; the first failure fails the event, which the outbox retries whole (every call is
// idempotent). Encharge's REST API (https://docs.encharge.io/api-documentation):
// `POST /v1/people` upserts a person by email, `POST /v1/tags` and `DELETE /v1/tags` with
// `{email, tag}` add and remove comma-separated tags; the account's API key goes in
// `X-Encharge-Token`.
import type { EventBody } from "../core/outbound/build-event-body.ts";
import { enchargeCalls } from "../core/outbound/encharge-calls.ts";
import type { EnchargeConfig } from "../core/outbound/encharge-config.ts";
import { request, type SendResult } from "./send-webhook.ts";

export async function sendEncharge(input: {
  config: EnchargeConfig;
  apiKey: string;
  body: EventBody;
  now: Date;
  timeoutMs: number;
}): Promise<SendResult> {
  const base = input.config.apiUrl.replace(/\/$/, "");
  for (const call of enchargeCalls(input.config, input.body)) {
    const res = await request(
      `${base}${call.path}`,
      {
        method: call.method,
        body: JSON.stringify(call.body),
        headers: {
          "content-type": "application/json",
          "x-encharge-token": input.apiKey,
          "user-agent": "LeadOps-Encharge",
        },
      },
      input.now,
      input.timeoutMs,
    );
    if (res.ok) continue;
    // Removing a tag from a person who never had it is done, whatever the reply says of it.
    if (call.method === "DELETE" && res.status === 404) continue;
    // As for HubSpot: retrying a refused key for a day helps nobody.
    if (res.status === 401 || res.status === 403)
      return { ...res, error: `Encharge refused the API key (HTTP ${res.status})`, permanent: true };
    return { ...res, error: `${call.method} ${call.path}: ${res.error}` };
  }
  return { ok: true };
}
