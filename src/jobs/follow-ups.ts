// Follow-up reminders for quiet sales-qualified leads; forgotten ones go back to nurture.
import type { AppContext } from "../context.ts";
import { type SendFollowUpsResult, sendFollowUps } from "../flows/send-follow-ups.ts";

export async function run(ctx: AppContext, now: Date): Promise<SendFollowUpsResult> {
  const result = await sendFollowUps({ ctx, now });
  if (result.reminded + result.recycled > 0)
    ctx.logger.info({ job: "follow-ups", ...result }, "follow-ups sent");
  return result;
}
