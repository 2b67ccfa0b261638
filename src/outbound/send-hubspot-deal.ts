// HubSpot deal on won: the deal upserted by the outcome's id through
// `POST /crm/v3/objects/deals/batch/upsert` (`idProperty`: a unique-value deal property), then
// associated with the contact through `PUT /crm/v4/objects/deal/{dealId}/associations/default/contact/{contactId}`
// (https://developers.hubspot.com/docs/api/crm/deals, …/crm/associations). Both are idempotent,
// so a redelivered or replayed lead.won updates the same deal instead of making a second one.
import type { EventBody } from "../core/outbound/build-event-body.ts";
import type { HubspotConfig } from "../core/outbound/config.ts";
import { type HttpResult, request } from "./send-webhook.ts";

interface WonData {
  outcomeId?: unknown;
  amount?: unknown;
}

/** The first result's id of a batch reply (`{results: [{id}]}`), or null. */
export function firstResultId(json: unknown): string | null {
  const id = (json as { results?: { id?: unknown }[] } | undefined)?.results?.[0]?.id;
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
}

export function dealInput(
  deals: NonNullable<HubspotConfig["deals"]>,
  event: EventBody & { lead: NonNullable<EventBody["lead"]> },
): { idProperty: string; id: string; properties: Record<string, string> } | null {
  const data = (event.data ?? {}) as WonData;
  if (typeof data.outcomeId !== "string" || typeof data.amount !== "number") return null;
  const lead = event.lead;
  return {
    idProperty: deals.idProperty,
    id: data.outcomeId,
    properties: {
      dealname: `${lead.company ?? lead.name ?? lead.email} (won in LeadOps)`,
      amount: String(data.amount),
      pipeline: deals.pipeline,
      dealstage: deals.stage,
    },
  };
}

export async function upsertWonDeal(input: {
  config: HubspotConfig;
  headers: Record<string, string>;
  event: EventBody & { lead: NonNullable<EventBody["lead"]> };
  contactId: string;
  now: Date;
  timeoutMs: number;
}): Promise<HttpResult> {
  const { config, headers, now, timeoutMs } = input;
  const deal = config.deals ? dealInput(config.deals, input.event) : null;
  // A won event without an outcome (an older row) has no deal to make.
  if (!deal) return { ok: true };
  const base = config.apiUrl.replace(/\/$/, "");
  const body = JSON.stringify({ inputs: [deal] });
  const upserted = await request(
    `${base}/crm/v3/objects/deals/batch/upsert`,
    { method: "POST", body, headers },
    now,
    timeoutMs,
  );
  if (!upserted.ok) return { ...upserted, error: `deal upsert: ${upserted.error}` };
  const dealId = firstResultId(upserted.json);
  if (!dealId) return { ok: false, error: "deal upsert: no deal id in HubSpot's reply" };
  const associated = await request(
    `${base}/crm/v4/objects/deal/${encodeURIComponent(dealId)}/associations/default/contact/${encodeURIComponent(input.contactId)}`,
    { method: "PUT", headers },
    now,
    timeoutMs,
  );
  return associated.ok ? associated : { ...associated, error: `deal association: ${associated.error}` };
}
