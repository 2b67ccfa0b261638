import type { LeadFacts } from "../leads/lead-facts.ts";
import type { ScoringConfig } from "./config.ts";

/**
 * Information-qualified lead: it came in through a top-of-funnel lead magnet, i.e. its lead
 * magnet is one of `iql.leadMagnets` or its funnel stage is one of `iql.funnelStages`.
 */
export function isIql(lead: LeadFacts, config: ScoringConfig): boolean {
  const magnet = lead.leadMagnet?.trim().toLowerCase();
  if (magnet && config.iql.leadMagnets.some((m) => m.trim().toLowerCase() === magnet)) return true;
  const stage = lead.funnelStage?.trim().toLowerCase();
  return !!stage && (config.iql.funnelStages as readonly string[]).includes(stage);
}
