// Auto-pause: a rep who keeps missing claims or breaching SLAs stops receiving leads until a
// manager unpauses them, so leads stop piling up on someone who is not there.
//
// The counters live on the Rep row and are consecutive. Suggested bookkeeping for the caller:
// `missedClaims + 1` when a lead is taken away from the rep by an SLA re-route (they were given
// it and never picked it up), `slaBreaches + 1` when one of their assignments breaches, and both
// back to 0 when the rep answers a lead within its SLA or a manager unpauses them.
import type { RoutingConfig } from "./config.ts";

export type PauseDecision =
  | { pause: false }
  | { pause: true; reason: string; trigger: "missed_claims" | "sla_breaches"; count: number };

export function shouldPause(opts: {
  rep: { paused?: boolean; missedClaims?: number; slaBreaches?: number };
  config: RoutingConfig["autoPause"];
}): PauseDecision {
  const { rep, config } = opts;
  // Already paused: pausing again would only repeat the message to managers.
  if (rep.paused) return { pause: false };
  const missed = rep.missedClaims ?? 0;
  const breaches = rep.slaBreaches ?? 0;
  if (config.missedClaims > 0 && missed >= config.missedClaims)
    return {
      pause: true,
      trigger: "missed_claims",
      count: missed,
      reason: `${missed} missed claims in a row`,
    };
  if (config.slaBreaches > 0 && breaches >= config.slaBreaches)
    return {
      pause: true,
      trigger: "sla_breaches",
      count: breaches,
      reason: `${breaches} SLA breaches in a row`,
    };
  return { pause: false };
}
