// lead_thread with topic "routing": how routing handled the lead when it was posted for claim (or
// assigned, or sent to the fallback): the route and why it matched, the strategy, the outcome,
// and every candidate with why they were skipped. The payload carries the decision as stored in
// Assignment.reason; a row queued by an older version carries only the explanation text, which
// is shown as it is.
import type { KnownBlock } from "@slack/types";
import { z } from "zod";
import { describeReason } from "../../core/routing/explain-decision.ts";
import type { SkipReason } from "../../core/routing/types.ts";
import { context, message, owner, section } from "../blocks/common.ts";
import type { SlackMessage } from "../blocks/types.ts";
import { channelLink, chunkLines, escapeTruncate, LIMITS } from "../escape.ts";

/** A routing decision as stored in Assignment.reason (and lead_thread payloads). */
export const decisionShape = z.object({
  route: z.object({
    name: z.string(),
    isDefault: z.boolean().optional(),
    matched: z.array(z.string()).default([]),
  }),
  strategy: z.string(),
  pools: z.array(z.object({ name: z.string(), members: z.number(), eligible: z.number() })).default([]),
  outcome: z
    .object({
      kind: z.string(),
      channel: z.string().nullable().optional(),
      windowMinutes: z.number().optional(),
      claimers: z.array(z.string()).optional(),
      repSlackId: z.string().optional(),
      pool: z.string().optional(),
      credit: z.boolean().optional(),
      target: z.object({ type: z.string(), id: z.string().optional() }).optional(),
    })
    .passthrough(),
  candidates: z
    .array(
      z.object({
        slackId: z.string(),
        eligible: z.boolean(),
        reasons: z.array(z.object({ code: z.string() }).passthrough()).default([]),
      }),
    )
    .default([]),
  notInPool: z.array(z.string()).default([]),
});
export type DecisionVM = z.infer<typeof decisionShape>;

export interface RoutingExplanationVM {
  /** The decision as stored (Assignment.reason shape); null when the payload has none. */
  decision: unknown;
  /** explainDecision's text, shown when there is no decision to lay out. */
  explanation: string | null;
}

export const STRATEGY: Record<string, string> = {
  round_robin: "round robin",
  weighted: "weighted round robin",
  performance: "performance-weighted round robin",
  least_loaded: "least loaded",
};

function outcomeLine(d: DecisionVM): string {
  const o = d.outcome;
  const pools = d.pools.map((p) => `${escapeTruncate(p.name, 80)} (${p.eligible}/${p.members} eligible)`);
  switch (o.kind) {
    case "claim": {
      const where = o.channel ? ` in ${channelLink(o.channel)}` : "";
      const n = o.claimers?.length ?? 0;
      return `*Outcome:* posted for claim${where} for ${o.windowMinutes ?? "?"} min (${n} rep${n === 1 ? "" : "s"} can claim); unclaimed, it goes by ${STRATEGY[d.strategy] ?? d.strategy} over ${pools.join(", then ") || "the pool"}.`;
    }
    case "assigned":
      return o.credit
        ? `*Outcome:* assigned to ${owner(o.repSlackId)} in pool ${escapeTruncate(o.pool ?? "", 80)}, a make-up lead for an approved junk dispute.`
        : `*Outcome:* assigned to ${owner(o.repSlackId)} in pool ${escapeTruncate(o.pool ?? "", 80)}.`;
    case "fallback": {
      const t = o.target;
      const target =
        t?.type === "user" && t.id
          ? owner(t.id)
          : t?.type === "channel" && t.id
            ? channelLink(t.id)
            : "the managers";
      return `*Outcome:* nobody eligible in ${pools.join(", then ") || "the pool"}: sent to ${target}.`;
    }
    case "held":
      return "*Outcome:* held, not routed to a rep (stays with marketing).";
    default:
      return `*Outcome:* ${escapeTruncate(o.kind, 50)}`;
  }
}

function candidateLine(d: DecisionVM, c: DecisionVM["candidates"][number]): string {
  if (!c.eligible) {
    const why = c.reasons.map((r) => describeReason(r as unknown as SkipReason)).join(", ") || "not eligible";
    return `• ${owner(c.slackId)}: skipped, ${escapeTruncate(why, 300)}`;
  }
  if (d.outcome.kind === "assigned" && d.outcome.repSlackId === c.slackId)
    return `• ${owner(c.slackId)}: chosen`;
  if (d.outcome.kind === "claim") return `• ${owner(c.slackId)}: can claim`;
  return `• ${owner(c.slackId)}: eligible`;
}

/** Builder (pure): the routing explanation for the lead's thread. */
export function buildRoutingExplanation(vm: RoutingExplanationVM): SlackMessage {
  const parsed = decisionShape.safeParse(vm.decision);
  if (!parsed.success) {
    const lines = (vm.explanation ?? "").split("\n").filter((l) => l.trim() !== "");
    // explainDecision's text holds mentions and channel links it built; everything else is escaped.
    const body =
      lines.length > 0
        ? lines.map((l) => escapeTruncate(l, 500).replace(/&lt;([@#][UWCG][A-Z0-9]+)&gt;/g, "<$1>"))
        : ["No details were recorded."];
    return message(`How this lead was routed: ${escapeTruncate(lines[0] ?? "", 200)}`, [
      section(":twisted_rightwards_arrows: *How this lead was routed*"),
      ...chunkLines(body)
        .slice(0, LIMITS.messageBlocks - 1)
        .map((t) => section(t)),
    ]);
  }
  const d = parsed.data;
  const strategy = STRATEGY[d.strategy] ?? d.strategy.replace(/_/g, " ");
  const route = `${escapeTruncate(d.route.name, 200)}${d.route.isDefault ? " (default)" : ""}`;
  const matched =
    d.route.matched.length > 0 ? d.route.matched.map((m) => escapeTruncate(m, 200)).join(", ") : null;
  const head = [
    ":twisted_rightwards_arrows: *How this lead was routed*",
    `*Route:* ${route}${matched ? ` · *Rule:* ${matched}` : ""} · *Strategy:* ${escapeTruncate(strategy, 100)}`,
    outcomeLine(d),
  ];
  const lines = d.candidates.map((c) => candidateLine(d, c));
  const skipped = d.candidates.filter((c) => !c.eligible).length;
  const blocks: KnownBlock[] = [section(head.join("\n"))];
  const room = LIMITS.messageBlocks - 2;
  const chunks = lines.length > 0 ? chunkLines(["*Candidates*", ...lines]) : [];
  for (const chunk of chunks.slice(0, room)) blocks.push(section(chunk));
  const notes: string[] = [];
  if (chunks.length > room) notes.push("More candidates than fit here; see `GET /api/leads/:id`.");
  if (d.notInPool.length > 0)
    notes.push(`${d.notInPool.length} rep${d.notInPool.length === 1 ? "" : "s"} not in the route's pools.`);
  if (notes.length > 0) blocks.push(context(notes.join(" ")));
  const text = `Routing: route ${escapeTruncate(d.route.name, 100)}, ${strategy}; ${skipped} candidate${skipped === 1 ? "" : "s"} skipped`;
  return message(text, blocks);
}
