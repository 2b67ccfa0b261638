// How a new capture of a known email merges into the stored lead, as a pure function so the
// rules are tested by value. Nothing is lost:
// - a field absent (or null) in the update keeps its stored value;
// - a field given with a different value replaces it, and the prior value goes to the audit log;
// - `source` is first touch: once set it stays (reports attribute a lead to where it came from);
// - `occurredAt` keeps the earliest time the lead was seen;
// - `interests` is the union (first spelling kept, compared case-insensitively);
// - `attributes` deep-merge: nested objects merge key by key, other values are replaced.
import { companyDomain } from "./normalize-lead.ts";

export const SCALAR_FIELDS = [
  "externalId",
  "firstName",
  "lastName",
  "name",
  "phone",
  "company",
  "website",
  "title",
  "seniority",
  "industry",
  "companySize",
  "annualRevenue",
  "country",
  "region",
  "city",
  "timezone",
  "campaign",
  "leadMagnet",
  "funnelStage",
  "consent",
] as const;

export type ScalarField = (typeof SCALAR_FIELDS)[number];
export type JsonObject = { [key: string]: unknown };

/** What a capture may say about a lead; `undefined` means "not given". */
export interface LeadPatch {
  externalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  phone?: string | null;
  company?: string | null;
  website?: string | null;
  title?: string | null;
  seniority?: string | null;
  industry?: string | null;
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
  consent?: boolean | null;
  interests?: string[] | null;
  attributes?: JsonObject | null;
  occurredAt?: Date | null;
}

/** The stored columns the merge reads. */
export type StoredLead = { email: string; domain: string | null; source: string | null } & {
  [K in ScalarField]: LeadPatch[K] | null;
} & { interests: string[]; attributes: unknown; occurredAt: Date | null };

export type LeadChanges = Record<string, { from: unknown; to: unknown }>;

export interface MergeResult {
  /** Only the columns that change; empty when the update adds nothing. */
  data: Partial<StoredLead>;
  /** Each changed field with its prior and new value (for the audit log). */
  changes: LeadChanges;
}

export function mergeLead(existing: StoredLead, patch: LeadPatch): MergeResult {
  const data: Record<string, unknown> = {};
  const changes: LeadChanges = {};
  const set = (field: string, from: unknown, to: unknown) => {
    data[field] = to;
    changes[field] = { from: auditValue(from), to: auditValue(to) };
  };

  for (const field of SCALAR_FIELDS) {
    const next = patch[field];
    if (next === undefined || next === null) continue;
    if (existing[field] !== next) set(field, existing[field], next);
  }
  if (patch.source && !existing.source) set("source", existing.source, patch.source);
  if (patch.occurredAt && (!existing.occurredAt || patch.occurredAt < existing.occurredAt)) {
    set("occurredAt", existing.occurredAt, patch.occurredAt);
  }
  if (patch.interests && patch.interests.length > 0) {
    const union = unionInterests(existing.interests, patch.interests);
    if (union.length !== existing.interests.length) set("interests", existing.interests, union);
  }
  if (patch.attributes && Object.keys(patch.attributes).length > 0) {
    const before = isObject(existing.attributes) ? existing.attributes : {};
    const after = deepMerge(before, patch.attributes);
    if (!deepEqual(before, after)) set("attributes", before, after);
  }
  const website = (data.website as string | undefined) ?? existing.website;
  const domain = companyDomain({ email: existing.email, website });
  // A domain once known is kept when the new data derives none (nothing is lost).
  if (domain && domain !== existing.domain) set("domain", existing.domain, domain);

  return { data: data as Partial<StoredLead>, changes };
}

/** The stored form of a new lead: normalised interests, derived domain. */
export function newLeadColumns(email: string, patch: LeadPatch) {
  const columns: Record<string, unknown> = { email };
  for (const field of SCALAR_FIELDS) {
    const value = patch[field];
    if (value !== undefined && value !== null) columns[field] = value;
  }
  if (patch.source) columns.source = patch.source;
  if (patch.occurredAt) columns.occurredAt = patch.occurredAt;
  columns.interests = unionInterests([], patch.interests ?? []);
  columns.attributes = patch.attributes ?? {};
  columns.domain = companyDomain({ email, website: patch.website ?? null });
  return columns;
}

export function unionInterests(existing: string[], added: string[]): string[] {
  const seen = new Set(existing.map((i) => i.trim().toLowerCase()));
  const out = [...existing];
  for (const raw of added) {
    const interest = raw.trim();
    const key = interest.toLowerCase();
    if (interest === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(interest);
  }
  return out;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Nested objects merge key by key; arrays and scalars from `patch` replace; null never erases. */
export function deepMerge(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null) continue;
    const prior = out[key];
    out[key] = isObject(prior) && isObject(value) ? deepMerge(prior, value) : value;
  }
  return out;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function auditValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}
