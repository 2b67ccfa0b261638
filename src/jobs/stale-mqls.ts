// Weekly: the stale MQLs to the marketing channel, one message with the CSV attached
// (files.uploadV2 with an initial comment is one message in the channel). Without a marketing
// channel or a Slack token it logs and does nothing; it runs again next tick once configured.
import type { AppContext } from "../context.ts";
import { type StaleMqlList, staleMqlCsv, staleMqlSummaryText } from "../core/marketing/stale-mqls.ts";
import { type StaleMqlSummaryResult, sendStaleMqlSummary } from "../flows/send-stale-mql-summary.ts";
import { createWebClient } from "../slack/web-client.ts";

export type StaleMqlJobResult = StaleMqlSummaryResult | { status: "not-configured"; missing: string };

export async function run(ctx: AppContext, now: Date): Promise<StaleMqlJobResult> {
  const channel = ctx.rules.channels.marketing;
  const missing = !channel ? "channels.marketing" : !ctx.env.SLACK_BOT_TOKEN ? "SLACK_BOT_TOKEN" : null;
  if (!channel || missing) {
    ctx.logger.info({ job: "stale-mqls", missing }, "stale-MQL summary not sent: nowhere to post it");
    return { status: "not-configured", missing: missing ?? "channels.marketing" };
  }
  const client = createWebClient(ctx.env, ctx.logger);
  const post = async (list: StaleMqlList, week: string) => {
    await client.files.uploadV2({
      channel_id: channel,
      initial_comment: staleMqlSummaryText(list, week),
      content: staleMqlCsv(list.leads),
      filename: `stale-mqls-${week}.csv`,
      title: `Stale MQLs ${week}`,
    });
  };
  const result = await sendStaleMqlSummary({
    db: ctx.db,
    staleDays: ctx.rules.followUp.mqlStaleDays,
    now,
    post,
  });
  ctx.logger.info({ job: "stale-mqls", ...result }, "stale-MQL summary");
  return result;
}
