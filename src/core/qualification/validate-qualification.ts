import type { Framework } from "./config.ts";

export interface FieldError {
  field: string;
  message: string;
}

export type QualificationResult =
  | { ok: true; framework: string; points: number; qualified: boolean; answers: Record<string, string> }
  | { ok: false; errors: FieldError[] };

/**
 * Checks a framework submission (the post-call modal, the API) against the framework's data:
 * every required field answered, every select answer one of its options, no unknown fields.
 * Returns the points (the sum of the chosen options), whether they count as qualified, and the
 * cleaned answers; or every field-level error at once, so the modal can show them all.
 */
export function validateQualification(options: {
  framework: Framework;
  answers: Readonly<Record<string, unknown>>;
}): QualificationResult {
  const { framework, answers } = options;
  const errors: FieldError[] = [];
  const known = new Set(framework.fields.map((f) => f.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors.push({ field: key, message: `unknown field for ${framework.label}` });
  }

  const clean: Record<string, string> = {};
  let points = 0;
  let disqualified = false;
  for (const field of framework.fields) {
    const raw = answers[field.id];
    const value = typeof raw === "string" ? raw.trim() : raw;
    if (value === undefined || value === null || value === "") {
      if (field.required) errors.push({ field: field.id, message: `${shortLabel(field.label)} is required` });
      continue;
    }
    if (typeof value !== "string") {
      errors.push({ field: field.id, message: "must be text" });
      continue;
    }
    if (field.type === "select") {
      const option = field.options?.find((o) => o.value === value);
      if (!option) {
        errors.push({ field: field.id, message: `unknown option "${value.slice(0, 150)}"` });
        continue;
      }
      points += option.points;
      if (option.disqualifies) disqualified = true;
    } else if (value.length > field.maxLength) {
      errors.push({ field: field.id, message: `must be at most ${field.maxLength} characters` });
      continue;
    }
    clean[field.id] = value;
  }
  if (errors.length > 0) return { ok: false, errors };
  const qualified = !disqualified && points >= framework.qualifiedWhen.minPoints;
  return { ok: true, framework: framework.id, points, qualified, answers: clean };
}

/** "Authority: who decides?" → "Authority": error messages name the field, not the question. */
function shortLabel(label: string): string {
  return label.split(/[:?(]/)[0]?.trim() || label;
}
