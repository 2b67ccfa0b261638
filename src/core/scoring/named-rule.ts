// Config errors must say which rule is wrong: `parseRules` reports the path and line, but a
// path such as `scoring.engagement.7.points` only names an index. This wrapper re-issues every
// problem of one list item with the item's id (or name) in front.
import { z } from "zod";

export function namedRule<T extends z.ZodType>(inner: T, what: string, key: "id" | "name" = "id") {
  return z.unknown().transform((raw, ctx): z.output<T> => {
    const result = inner.safeParse(raw);
    if (result.success) return result.data;
    const name = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>)[key] : undefined;
    const label = typeof name === "string" && name !== "" ? `${what} "${name}"` : what;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: "custom", path: issue.path, message: `${label}: ${issue.message}` });
    }
    return z.NEVER;
  });
}

/** Adds an issue for every id that appears twice in a list. */
export function uniqueBy<T>(
  items: readonly T[],
  key: (item: T) => string,
  what: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i], message: `duplicate ${what} "${k}"` });
    seen.add(k);
  });
}
