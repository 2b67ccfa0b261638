// HubSpot form submissions, as a workflow "Send a webhook" action posts them. Three shapes are
// accepted, since HubSpot has sent each: the contact record with `properties: { email: {
// value } }` and `form-submissions`; a flat object of the selected properties; and a form
// submission with `values: [{ name, value }]` / `fields`. An array of these is several leads.
import { z } from "zod";
import { isObject, type JsonObject } from "../../core/leads/merge-lead.ts";
import type { HubspotConfig } from "../../core/outbound/config.ts";
import { mapFields } from "./field-map.ts";
import { type SourceMapping, validDate } from "./typeform.ts";

const one = z.record(z.string(), z.unknown());
export const hubspotSchema = z.union([one, z.array(one).min(1).max(100)]);
export type HubspotPayload = z.infer<typeof hubspotSchema>;

const DEFAULTS: Record<string, string> = {
  firstname: "firstName",
  lastname: "lastName",
  mobilephone: "phone",
  jobtitle: "title",
  numemployees: "companySize",
  annualrevenue: "annualRevenue",
  state: "region",
  hs_timezone: "timezone",
  hs_object_id: "externalId",
  utm_campaign: "campaign",
};

// Keys of the submission envelope, not contact properties.
const ENVELOPE = new Set([
  "vid",
  "canonical-vid",
  "portal-id",
  "portalId",
  "properties",
  "form-submissions",
  "values",
  "fields",
  "submittedAt",
  "pageUrl",
  "pageName",
  "conversionId",
  "formId",
  "form-id",
  "identity-profiles",
  "merged-vids",
  "is-contact",
  "profile-url",
  "profile-token",
  "list-memberships",
  "associated-company",
]);

function propertyValue(value: unknown): unknown {
  if (isObject(value) && "value" in value) return value.value;
  return value;
}

/**
 * The loop guard: with `outbound.hubspot` on, a workflow that posts contacts here also posts the
 * contacts LeadOps just upserted. Their LeadOps properties, owner and modification stamps are
 * LeadOps' own writes (or bumped by them), so they are dropped: an echo then carries nothing new,
 * makes no lead.updated and so no further upsert.
 */
export function ownHubspotProperties(config: HubspotConfig | undefined): ReadonlySet<string> {
  if (!config) return new Set();
  return new Set([
    ...Object.values(config.properties),
    "hubspot_owner_id",
    "lastmodifieddate",
    "hs_lastmodifieddate",
    "hs_object_source",
    "hs_object_source_id",
    "hs_object_source_label",
    "hs_updated_by_user_id",
  ]);
}

/** The contact properties of one submission, whatever its shape. */
export function hubspotProperties(item: JsonObject): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const list of [item.values, item.fields]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (isObject(entry) && typeof entry.name === "string") out.push([entry.name, entry.value]);
    }
  }
  if (isObject(item.properties)) {
    for (const [k, v] of Object.entries(item.properties)) out.push([k, propertyValue(v)]);
  }
  for (const [k, v] of Object.entries(item)) if (!ENVELOPE.has(k)) out.push([k, propertyValue(v)]);
  return out.map(([k, v]) => [k, typeof v === "number" || typeof v === "boolean" ? String(v) : v]);
}

export function mapHubspotItem(
  item: JsonObject,
  fieldMap?: Record<string, string>,
  own: ReadonlySet<string> = new Set(),
): SourceMapping {
  const props = hubspotProperties(item).filter(([k]) => !own.has(k));
  const mapped = mapFields(props, DEFAULTS, fieldMap);
  const submissions = Array.isArray(item["form-submissions"])
    ? item["form-submissions"].filter(isObject)
    : [];
  const latest = submissions.at(-1);
  const conversionId = str(item.conversionId) ?? str(latest?.["conversion-id"]);
  const formId = str(item.formId) ?? str(item["form-id"]) ?? str(latest?.["form-id"]);
  const submittedAt = item.submittedAt ?? latest?.timestamp;
  const pageUrl = str(item.pageUrl) ?? str(latest?.["page-url"]);
  const contactId = str(item["canonical-vid"]) ?? str(item.vid);

  const lead: JsonObject = { ...mapped.lead, source: "hubspot" };
  if (mapped.lead.externalId === undefined && contactId) lead.externalId = contactId;
  // HubSpot sends employees as a range ("25-50"); the lower bound is what is known.
  if (typeof lead.companySize === "string") {
    const m = /^\s*(\d+)/.exec(lead.companySize);
    if (m) lead.companySize = Number(m[1]);
  }
  const hubspot: JsonObject = {
    ...(contactId ? { contactId } : {}),
    ...(formId ? { formId } : {}),
    ...(Object.keys(mapped.unmapped).length ? { properties: mapped.unmapped } : {}),
  };
  if (Object.keys(hubspot).length) lead.attributes = { hubspot };

  const eventId =
    conversionId ?? (formId && submittedAt !== undefined ? `${formId}:${String(submittedAt)}` : null);
  return {
    kind: "lead",
    lead,
    events: eventId
      ? [
          {
            externalId: `hubspot:${eventId}`,
            type: "form_submitted",
            source: "hubspot",
            occurredAt: validDate(
              typeof submittedAt === "number" || typeof submittedAt === "string" ? submittedAt : null,
            ),
            properties: { ...(formId ? { formId } : {}), ...(pageUrl ? { pageUrl } : {}) },
          },
        ]
      : [],
  };
}

function str(value: unknown): string | null {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}
