// What one outbound event asks of Encharge: the person upserted with the score field, then tags
// added or removed. Every call is idempotent (an upsert by email, adding a tag the person has,
// removing one it lacks), so a retried or replayed event may make them all again.
import { stages } from "../scoring/types.ts";
import type { EventBody } from "./build-event-body.ts";
import type { EnchargeConfig } from "./encharge-config.ts";

export interface EnchargeCall {
  method: "POST" | "DELETE";
  path: "/people" | "/tags";
  body: Record<string, unknown>;
}

export function segmentTag(config: EnchargeConfig, segment: string): string {
  return config.tags.segment.replaceAll("{segment}", segment);
}

export function stageTag(config: EnchargeConfig, stage: string): string {
  return config.tags.stage.replaceAll("{stage}", stage);
}

function segmentOf(data: unknown): string | null {
  const segment = (data as { segment?: unknown } | null)?.segment;
  return typeof segment === "string" ? segment : null;
}

export function enchargeCalls(config: EnchargeConfig, event: EventBody): EnchargeCall[] {
  const lead = event.lead;
  // An erased lead (or an event about no lead) has nothing to sync.
  if (!lead) return [];
  const email = lead.email;
  const calls: EnchargeCall[] = [
    { method: "POST", path: "/people", body: { email, [config.fields.score]: Math.round(lead.score.total) } },
  ];
  const tag = (method: EnchargeCall["method"], tags: string[]) => {
    if (tags.length > 0) calls.push({ method, path: "/tags", body: { email, tag: tags.join(",") } });
  };
  const segment = segmentOf(event.data);
  if (event.type === "segment.entered" && segment) tag("POST", [segmentTag(config, segment)]);
  else if (event.type === "segment.left" && segment) tag("DELETE", [segmentTag(config, segment)]);
  else {
    // The stage tag follows the lead's stage as it is now (wins, losses and rescores all move
    // it); the other stages' tags go, so a missed or reordered event cannot leave two.
    tag("POST", [stageTag(config, lead.stage)]);
    tag(
      "DELETE",
      stages.filter((s) => s !== lead.stage).map((s) => stageTag(config, s)),
    );
  }
  return calls;
}
