// The one description of a lead the pure code works on (scoring, segments, routing, simulate), and
// how a stored row becomes it. Plain data, so the same code judges a stored lead, a webhook body
// and a `leadops simulate` input; no Prisma types leak in.

/** A lead's own fields (CONTRACT.md's `POST /webhooks/leads` body) plus what LeadOps derives. */
export type LeadFacts = {
  /** Set for a stored lead; absent for a webhook body or a simulate input. */
  id?: string;
  email?: string | null;
  externalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  phone?: string | null;
  company?: string | null;
  /** Company domain; null for free-mail addresses. */
  domain?: string | null;
  website?: string | null;
  title?: string | null;
  seniority?: string | null;
  industry?: string | null;
  /** Employees. */
  companySize?: number | null;
  annualRevenue?: number | null;
  country?: string | null;
  region?: string | null;
  city?: string | null;
  timezone?: string | null;
  source?: string | null;
  campaign?: string | null;
  leadMagnet?: string | null;
  funnelStage?: string | null;
  interests?: readonly string[] | null;
  consent?: boolean | null;
  attributes?: Readonly<Record<string, unknown>> | null;
  stage?: string | null;
  grade?: string | null;
  /** When the lead was first captured: absence rules ("no email opened in 30 days") start here. */
  createdAt?: Date | null;
};

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

/** The Lead columns the pure code reads, as a list. */
export const LEAD_FACT_KEYS = Object.keys(leadFactsSelect) as (keyof typeof leadFactsSelect)[];

/** The same columns for plain SQL: `SELECT ${LEAD_FACT_COLUMNS} FROM "Lead" …`. */
export const LEAD_FACT_COLUMNS = LEAD_FACT_KEYS.map((c) => `"${c}"`).join(", ");

export type LeadFactsRow = { id: string; attributes: unknown } & Omit<LeadFacts, "attributes">;

export function toLeadFacts(row: LeadFactsRow): LeadFacts & { id: string } {
  const attributes =
    row.attributes && typeof row.attributes === "object" && !Array.isArray(row.attributes)
      ? (row.attributes as Record<string, unknown>)
      : {};
  return { ...row, attributes };
}
