// Turns a stored lead row into the plain facts the pure routing code works on (refreshLead reads
// its own in load-lead-state.ts, in one query with the events).
import type { LeadFacts } from "../scoring/types.ts";

/** The Lead columns the pure code reads. */
export const leadFactsSelect = {
  id: true,
  email: true,
  externalId: true,
  firstName: true,
  lastName: true,
  name: true,
  phone: true,
  company: true,
  domain: true,
  website: true,
  title: true,
  seniority: true,
  industry: true,
  companySize: true,
  annualRevenue: true,
  country: true,
  region: true,
  city: true,
  timezone: true,
  source: true,
  campaign: true,
  leadMagnet: true,
  funnelStage: true,
  interests: true,
  consent: true,
  attributes: true,
  stage: true,
  grade: true,
  createdAt: true,
} as const;

/** The same columns for plain SQL: `SELECT ${LEAD_FACT_COLUMNS} FROM "Lead" …`. */
export const LEAD_FACT_COLUMNS = Object.keys(leadFactsSelect)
  .map((c) => `"${c}"`)
  .join(", ");

export type LeadFactsRow = { id: string; attributes: unknown } & Omit<LeadFacts, "attributes">;

export function toLeadFacts(row: LeadFactsRow): LeadFacts & { id: string } {
  const attributes =
    row.attributes && typeof row.attributes === "object" && !Array.isArray(row.attributes)
      ? (row.attributes as Record<string, unknown>)
      : {};
  return { ...row, attributes };
}
