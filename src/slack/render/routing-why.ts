// The "Why you:" line of an assignment DM, built from the stored routing decision rather than
// from explainDecision's text. That text mixes mentions it made (`<@U…>`) with text that came
// from outside (route and pool names, the lead's source in "source is …", pause reasons);
// escaping it as a whole showed the mentions as `&lt;@U0R01&gt;`, and un-escaping mention-shaped
// text afterwards would let a lead's source ping someone. Here each part is rendered on its own:
// reps through owner() (an id-checked mention), everything else through escapeTruncate.
import { describeReason } from "../../core/routing/explain-decision.ts";
import type { SkipReason } from "../../core/routing/types.ts";
import { owner } from "../blocks/common.ts";
import { escapeTruncate } from "../escape.ts";
import { type DecisionVM, decisionShape, STRATEGY } from "./routing-thread.ts";

const MAX_SKIPPED = 5;

/** Safe mrkdwn for a stored decision; null when `reason` holds none (a claim, a manual assignment). */
export function routingWhy(reason: unknown): string | null {
  const parsed = decisionShape.safeParse(reason);
  if (!parsed.success) return null;
  const d = parsed.data;
  const strategy = escapeTruncate(STRATEGY[d.strategy] ?? d.strategy.replace(/_/g, " "), 60);
  const matched = d.route.matched.map((m) => escapeTruncate(m, 150)).join(", ");
  const parts = [`route ${escapeTruncate(d.route.name, 100)}${matched ? ` (${matched})` : ""}`];
  const o = d.outcome;
  if (o.kind === "assigned")
    parts.push(
      `${strategy} in pool ${escapeTruncate(o.pool ?? "", 80)}${o.credit ? ", a make-up lead for an approved junk dispute" : ""}`,
    );
  else parts.push(strategy);
  const skipped = d.candidates.filter((c) => !c.eligible);
  const shown = skipped.slice(0, MAX_SKIPPED).map((c) => `${owner(c.slackId)} ${skipText(c)}`);
  const more = skipped.length > MAX_SKIPPED ? `; and ${skipped.length - MAX_SKIPPED} more` : "";
  const skips = shown.length > 0 ? ` Skipped: ${shown.join("; ")}${more}.` : "";
  return `${parts.join(", ")}.${skips}`;
}

function skipText(c: DecisionVM["candidates"][number]): string {
  const why = c.reasons.map((r) => describeReason(r as unknown as SkipReason)).join(", ") || "not eligible";
  return escapeTruncate(why, 200);
}
