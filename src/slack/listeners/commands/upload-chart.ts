// A report's PNG chart, uploaded to the caller's DM after the text reply.
import type { SubcommandInput } from "./types.ts";

/** The chart goes to the manager's DM, as the export does; a failed upload is logged, not raised. */
export async function uploadChart(
  { deps, cmd, client }: Pick<SubcommandInput, "deps" | "cmd" | "client">,
  chart: { draw: () => Buffer; label: string; name: string; title: string; alt: string },
): Promise<void> {
  try {
    const png = chart.draw();
    const im = await client.conversations.open({ users: cmd.user_id });
    const channel = im.channel?.id;
    if (!channel) throw new Error("conversations.open returned no channel");
    await client.files.uploadV2({
      channel_id: channel,
      file: png,
      filename: `${chart.name}-${chart.label.replace(/[^\w.-]+/g, "_")}.png`,
      title: chart.title,
      alt_text: chart.alt,
    });
  } catch (err) {
    const e = err as { code?: unknown; data?: { error?: unknown } };
    deps.ctx.logger.warn(
      {
        period: chart.label,
        code: e.code,
        slackError: e.data?.error,
        error: err instanceof Error ? err.message : "unknown",
      },
      "report chart upload failed; the text summary was sent",
    );
  }
}
