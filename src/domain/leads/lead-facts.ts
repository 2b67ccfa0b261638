// Turns stored rows into the plain facts the pure scoring, segment and routing code works on.
import type { EventFacts, LeadFacts, QualificationFacts } from "../scoring/types.ts";

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

export type LeadFactsRow = { id: string; attributes: unknown } & Omit<LeadFacts, "attributes">;

export function toLeadFacts(row: LeadFactsRow): LeadFacts & { id: string } {
  const attributes =
    row.attributes && typeof row.attributes === "object" && !Array.isArray(row.attributes)
      ? (row.attributes as Record<string, unknown>)
      : {};
  return { ...row, attributes };
}

export function toEventFacts(row: {
  id: string;
  type: string;
  occurredAt: Date;
  properties: unknown;
}): EventFacts {
  const properties =
    row.properties && typeof row.properties === "object" && !Array.isArray(row.properties)
      ? (row.properties as Record<string, unknown>)
      : {};
  return { id: row.id, type: row.type, occurredAt: row.occurredAt, properties };
}

export function toQualificationFacts(row: {
  id: string;
  framework: string;
  points: number;
  qualified: boolean;
  createdAt: Date;
}): QualificationFacts {
  return {
    id: row.id,
    framework: row.framework,
    points: row.points,
    qualified: row.qualified,
    at: row.createdAt,
  };
}
