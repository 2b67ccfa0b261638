// Facebook (Meta) Lead Ads. The webhook only says "lead <leadgen_id> exists"; the answers are
// fetched from the Graph API (`FACEBOOK_GRAPH_URL` + `<leadgen_id>?access_token=…`, the base
// URL configurable so tests point it at a local server).
import { z } from "zod";
import type { JsonObject } from "../../core/leads/merge-lead.ts";
import { mapFields } from "./field-map.ts";
import { type SourceMapping, validDate } from "./typeform.ts";

const id = z.union([z.string().regex(/^\d{1,30}$/), z.number().int().nonnegative().transform(String)]);

export const facebookSchema = z.looseObject({
  object: z.string(),
  entry: z
    .array(
      z.looseObject({
        id: z.union([z.string(), z.number()]).optional(),
        changes: z
          .array(
            z.looseObject({
              field: z.string(),
              value: z.looseObject({
                leadgen_id: id.optional(),
                form_id: id.optional(),
                ad_id: id.optional(),
                adgroup_id: id.optional(),
                page_id: id.optional(),
                created_time: z.number().optional(),
              }),
            }),
          )
          .default([]),
      }),
    )
    .max(100),
});
export type FacebookPayload = z.infer<typeof facebookSchema>;

export interface LeadgenChange {
  leadgenId: string;
  formId?: string | undefined;
  adId?: string | undefined;
  adgroupId?: string | undefined;
  pageId?: string | undefined;
  createdTime?: number | undefined;
}

/** Every leadgen change of a delivery (other fields are not leads). */
export function leadgenChanges(payload: FacebookPayload): LeadgenChange[] {
  const out: LeadgenChange[] = [];
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      const v = change.value;
      if (change.field !== "leadgen" || !v.leadgen_id) continue;
      out.push({
        leadgenId: v.leadgen_id,
        formId: v.form_id,
        adId: v.ad_id,
        adgroupId: v.adgroup_id,
        pageId: v.page_id,
        createdTime: v.created_time,
      });
    }
  }
  return out;
}

export const graphLeadSchema = z.looseObject({
  id: z.string().optional(),
  created_time: z.string().optional(),
  ad_id: z.string().optional(),
  form_id: z.string().optional(),
  campaign_id: z.string().optional(),
  field_data: z
    .array(z.looseObject({ name: z.string(), values: z.array(z.unknown()).default([]) }))
    .default([]),
});
export type GraphLead = z.infer<typeof graphLeadSchema>;

export type GraphResult = { ok: true; lead: GraphLead } | { ok: false; retry: boolean; message: string };

/**
 * Fetches one lead. A Graph "no such object" (4xx other than auth) is final: retrying cannot
 * help. An auth error, a 5xx or a network failure is worth a retry by Facebook once fixed.
 */
export async function fetchGraphLead(
  graphUrl: string,
  token: string,
  leadgenId: string,
): Promise<GraphResult> {
  const base = graphUrl.endsWith("/") ? graphUrl : `${graphUrl}/`;
  const url = `${base}${encodeURIComponent(leadgenId)}?access_token=${encodeURIComponent(token)}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    return { ok: false, retry: true, message: `Graph API unreachable: ${(err as Error).message}` };
  }
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const retry = res.status >= 500 || res.status === 401 || res.status === 403 || res.status === 429;
    return { ok: false, retry, message: `Graph API answered ${res.status}` };
  }
  const parsed = graphLeadSchema.safeParse(body);
  return parsed.success
    ? { ok: true, lead: parsed.data }
    : { ok: false, retry: false, message: "Graph API answered an unexpected lead shape" };
}

const DEFAULTS: Record<string, string> = {
  full_name: "name",
  first_name: "firstName",
  last_name: "lastName",
  phone_number: "phone",
  work_phone_number: "phone",
  work_email: "email",
  company_name: "company",
  job_title: "title",
  state: "region",
  province: "region",
};

export function mapFacebookLead(
  change: LeadgenChange,
  graph: GraphLead,
  fieldMap?: Record<string, string>,
): SourceMapping {
  const mapped = mapFields(
    graph.field_data.map((f) => [
      f.name,
      f.values.length > 1 ? f.values.map(String).join(", ") : f.values[0],
    ]),
    DEFAULTS,
    fieldMap,
  );
  const facebook: JsonObject = {
    leadgenId: change.leadgenId,
    ...((change.formId ?? graph.form_id) ? { formId: change.formId ?? graph.form_id } : {}),
    ...((change.adId ?? graph.ad_id) ? { adId: change.adId ?? graph.ad_id } : {}),
    ...(change.adgroupId ? { adgroupId: change.adgroupId } : {}),
    ...(change.pageId ? { pageId: change.pageId } : {}),
    ...(graph.campaign_id ? { campaignId: graph.campaign_id } : {}),
    ...(Object.keys(mapped.unmapped).length ? { fields: mapped.unmapped } : {}),
  };
  const occurredAt =
    validDate(graph.created_time?.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")) ??
    (change.createdTime ? validDate(change.createdTime * 1000) : null);
  const lead: JsonObject = { ...mapped.lead, source: "facebook", attributes: { facebook } };
  if (occurredAt) lead.occurredAt = occurredAt.toISOString();
  return {
    kind: "lead",
    lead,
    events: [
      {
        externalId: `facebook:${change.leadgenId}`,
        type: "form_submitted",
        source: "facebook",
        occurredAt,
        properties: eventProperties(facebook),
      },
    ],
  };
}

function eventProperties(facebook: JsonObject): JsonObject {
  const { fields: _answers, ...ids } = facebook;
  return ids;
}
