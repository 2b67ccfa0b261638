// Claim windows that ran out: the lead is assigned by the route's strategy, or goes to the fallback.
import type { AppContext } from "../context.ts";
import { type ExpireClaimsResult, expireClaims } from "../flows/expire-claims.ts";

export async function run(ctx: AppContext, now: Date): Promise<ExpireClaimsResult> {
  const result = await expireClaims({ ctx, now });
  if (result.expired > 0) ctx.logger.info({ job: "claim-expiry", ...result }, "claim windows expired");
  return result;
}
