// Shared by the named sources: a provider's field names become lead fields through a default
// table per provider, overridden by `sources.<name>.fieldMap` in leadops.yml.
import type { JsonObject } from "../../core/leads/merge-lead.ts";
import { leadBodySchema } from "../schemas.ts";

const LEAD_FIELDS = new Set(Object.keys(leadBodySchema.shape));

export interface Mapped {
  /** A lead body in the generic shape, validated later by parseLeadLenient. */
  lead: JsonObject;
  /** Provider fields that map to no lead field, kept in the lead's attributes. */
  unmapped: JsonObject;
}

/**
 * Maps provider fields to lead fields. `fieldMap` wins over `defaults`; a provider field named
 * exactly like a lead field maps to it. The first value given for a lead field wins.
 */
export function mapFields(
  values: Iterable<[string, unknown]>,
  defaults: Record<string, string>,
  fieldMap: Record<string, string> | undefined,
): Mapped {
  const lead: JsonObject = {};
  const unmapped: JsonObject = {};
  for (const [key, value] of values) {
    if (value === undefined || value === null || value === "") continue;
    const target = fieldMap?.[key] ?? defaults[key] ?? defaults[key.toLowerCase()] ?? key;
    if (LEAD_FIELDS.has(target) && target !== "attributes") {
      if (lead[target] === undefined) lead[target] = target === "interests" ? toList(value) : value;
    } else {
      unmapped[key] = value;
    }
  }
  return { lead, unmapped };
}

function toList(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
