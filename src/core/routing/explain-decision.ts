// A routing decision as a few short lines of text, for the lead's Slack thread, the API and
// `simulate`. Reps appear as Slack mentions (`slack`) or by name (`plain`).
import type { Candidate, RoutingDecision, SkipReason } from "./types.ts";

const STRATEGY: Record<string, string> = {
  round_robin: "round robin",
  weighted: "weighted round robin",
  performance: "performance-weighted round robin",
  least_loaded: "least loaded",
};

export function describeReason(r: SkipReason): string {
  switch (r.code) {
    case "inactive":
      return "no longer active";
    case "not_in_pool":
      return `not in pool ${r.pools.join("/")}`;
    case "excluded":
      return r.why;
    case "paused":
      return r.reason ? `paused (${r.reason})` : "paused";
    case "away":
      return r.until ? `away until ${r.until.slice(0, 16).replace("T", " ")} UTC` : "away";
    case "outside_hours":
      return `outside working hours (${r.localTime} ${r.timezone}; works ${r.hours})`;
    case "at_capacity":
      return `at capacity ${r.open}/${r.capacity}`;
    case "invalid_timezone":
      return `unknown time zone ${r.timezone}`;
  }
}

export function explainDecision(
  decision: RoutingDecision,
  opts: { format?: "slack" | "plain"; maxSkipped?: number } = {},
): string {
  const format = opts.format ?? "slack";
  const maxSkipped = opts.maxSkipped ?? 10;
  const names = new Map(decision.candidates.map((c) => [c.slackId, c.name]));
  const who = (id: string) => (format === "slack" ? `<@${id}>` : (names.get(id) ?? id));
  const r = decision.route;
  const lines: string[] = [];
  lines.push(
    `Route ${r.isDefault ? "(default) " : ""}"${r.name}": ${r.matched.join(", ")}.` +
      (decision.trigger === "claim_expired"
        ? " Nobody claimed within the claim window."
        : decision.trigger === "sla_reroute"
          ? " Re-routed: no first response within the SLA."
          : ""),
  );
  const o = decision.outcome;
  const pools = decision.pools.map((p) => `${p.name} (${p.eligible}/${p.members} eligible)`).join(", then ");
  switch (o.kind) {
    case "held":
      lines.push("Held: not routed to a rep (stays with marketing).");
      break;
    case "claim":
      lines.push(
        `Posted for claim${o.channel ? ` in <#${o.channel}>` : ""} for ${o.windowMinutes} min ` +
          `(${o.claimers.length} can claim); then ${STRATEGY[decision.strategy]} over ${pools}.`,
      );
      break;
    case "assigned":
      lines.push(
        o.credit
          ? `Assigned to ${who(o.repSlackId)} in pool ${o.pool}: make-up lead for an approved junk dispute.`
          : `Assigned to ${who(o.repSlackId)} by ${STRATEGY[o.strategy]} in pool ${o.pool}.`,
      );
      break;
    case "fallback": {
      const t = o.target;
      const target = t.type === "managers" ? "the managers" : t.type === "user" ? who(t.id) : `<#${t.id}>`;
      lines.push(`Nobody eligible in ${pools || "the pool"}: sent to ${target}.`);
      break;
    }
  }
  if (o.kind !== "held") {
    const skipped = decision.candidates.filter((c: Candidate) => !c.eligible);
    const notInPool = decision.notInPool.length;
    if (skipped.length > 0) {
      const shown = skipped
        .slice(0, maxSkipped)
        .map((c) => `${who(c.slackId)} ${c.reasons.map(describeReason).join(", ")}`);
      const more = skipped.length > maxSkipped ? `; and ${skipped.length - maxSkipped} more` : "";
      lines.push(`Skipped: ${shown.join("; ")}${more}.`);
    }
    if (notInPool > 0) lines.push(`${notInPool} rep${notInPool === 1 ? "" : "s"} not in the pool.`);
  }
  return lines.join("\n");
}
