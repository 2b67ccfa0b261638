// SLA timers: nudges, breach notices and re-routes of leads nobody answered.
import type { AppContext } from "../context.ts";
import { type CheckSlasResult, checkSlas } from "../flows/check-slas.ts";

export async function run(ctx: AppContext, now: Date): Promise<CheckSlasResult> {
  const result = await checkSlas({ ctx, now });
  if (result.nudged + result.breached + result.rerouted > 0)
    ctx.logger.info({ job: "sla-check", ...result }, "SLA actions");
  return result;
}
