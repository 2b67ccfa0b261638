// HubSpot contact sync: the event's lead upserted by email with LeadOps' score, grade, stage,
// segments and owner, through the batch upsert endpoint (one contact per call for now).
// https://developers.hubspot.com/docs/api/crm/contacts — `POST /crm/v3/objects/contacts/batch/upsert`
// with `idProperty: "email"` creates the contact or updates the one with that email.
import type { EventBody } from "../core/outbound/build-event-body.ts";
import type { HubspotConfig } from "../core/outbound/config.ts";
import { post, type SendResult } from "./send-webhook.ts";

export function hubspotProperties(
  config: HubspotConfig,
  lead: NonNullable<EventBody["lead"]>,
): Record<string, string> {
  const p = config.properties;
  const props: Record<string, string> = {
    [p.score]: String(Math.round(lead.score.total)),
    [p.grade]: lead.grade,
    [p.stage]: lead.stage,
    // HubSpot's multiple-checkbox properties take values separated by semicolons.
    [p.segments]: lead.segments.join(";"),
  };
  const owner = lead.owner ? config.owners[lead.owner] : undefined;
  if (owner) props.hubspot_owner_id = owner;
  return props;
}

export async function sendHubspot(input: {
  config: HubspotConfig;
  token: string;
  body: EventBody;
  now: Date;
  timeoutMs: number;
}): Promise<SendResult> {
  const { config, body: event } = input;
  // An erased lead (or an event about no lead) has nothing to sync.
  if (!event.lead) return { ok: true };
  const res = await post(
    `${config.apiUrl.replace(/\/$/, "")}/crm/v3/objects/contacts/batch/upsert`,
    {
      body: JSON.stringify({
        inputs: [
          { idProperty: "email", id: event.lead.email, properties: hubspotProperties(config, event.lead) },
        ],
      }),
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${input.token}`,
        "user-agent": "LeadOps-HubSpot",
      },
    },
    input.now,
    input.timeoutMs,
  );
  if (!res.ok && (res.status === 401 || res.status === 403))
    return { ...res, error: `HubSpot refused the token (HTTP ${res.status})`, permanent: true };
  return res;
}
