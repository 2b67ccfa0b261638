// HubSpot contact sync: the event's lead upserted by email with LeadOps' score, grade, stage,
// segments and owner, through the batch upsert endpoint (one contact per call for now).
// https://developers.hubspot.com/docs/api/crm/contacts — `POST /crm/v3/objects/contacts/batch/upsert`
// with `idProperty: "email"` creates the contact or updates the one with that email.
import type { EventBody } from "../core/outbound/build-event-body.ts";
import type { HubspotConfig } from "../core/outbound/config.ts";
import { firstResultId, upsertWonDeal } from "./send-hubspot-deal.ts";
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
  const { config, body: event, now, timeoutMs } = input;
  // An erased lead (or an event about no lead) has nothing to sync.
  const lead = event.lead;
  if (!lead) return { ok: true };
  const headers = {
    "content-type": "application/json",
    authorization: `Bearer ${input.token}`,
    "user-agent": "LeadOps-HubSpot",
  };
  const res = await post(
    `${config.apiUrl.replace(/\/$/, "")}/crm/v3/objects/contacts/batch/upsert`,
    {
      body: JSON.stringify({
        inputs: [{ idProperty: "email", id: lead.email, properties: hubspotProperties(config, lead) }],
      }),
      headers,
    },
    now,
    timeoutMs,
  );
  const won = res.ok && event.type === "lead.won" && config.deals;
  const contactId = won ? firstResultId(res.json) : null;
  if (won && !contactId) return { ok: false, error: "contact upsert: no contact id in HubSpot's reply" };
  const done = contactId
    ? await upsertWonDeal({ config, headers, event: { ...event, lead }, contactId, now, timeoutMs })
    : res;
  if (!done.ok && (done.status === 401 || done.status === 403))
    return { ...done, error: `HubSpot refused the token (HTTP ${done.status})`, permanent: true };
  return done;
}
