// `/leads <subcommand> …`: ack at once, then answer privately through the response_url.
import { buildHelp } from "../../blocks/commands.ts";
import { message, section } from "../../blocks/common.ts";
import { escapeTruncate } from "../../escape.ts";
import { replyPrivately } from "../../reply.ts";
import type { SlackDeps } from "../deps.ts";
import { commandBody } from "../payloads.ts";
import type { CommandArgs } from "../types.ts";
import { away, back } from "./availability.ts";
import { backgroundLimit } from "./background-limit.ts";
import { approve, dispute } from "./disputes.ts";
import { find } from "./find.ts";
import { help } from "./help.ts";
import { mine } from "./mine.ts";
import { qualify } from "./qualify.ts";
import { reassign } from "./reassign.ts";
import { exportCsv, report } from "./report.ts";
import { rules } from "./rules.ts";
import { simulate } from "./simulate.ts";
import type { Subcommand } from "./types.ts";
import { unpause } from "./unpause.ts";

const SUBCOMMANDS: Record<string, Subcommand> = {
  help,
  mine,
  find,
  qualify,
  away,
  back,
  rules,
  simulate,
  report,
  export: exportCsv,
  reassign,
  dispute,
  approve,
  unpause,
};

/** Subcommands that read many leads; they share the instance's background slots. */
const HEAVY = new Set(["report", "export", "find", "mine"]);
/** Heavy subcommands running at once per instance (the database pool holds 10). */
export const BACKGROUND_SLOTS = 2;

export function leadsCommand(deps: SlackDeps) {
  const background = backgroundLimit(BACKGROUND_SLOTS);
  return async ({ ack, body, client, respond }: CommandArgs): Promise<void> => {
    await ack();
    const cmd = commandBody.parse(body);
    const text = cmd.text.trim();
    const word = (text || "help").split(/\s+/)[0] ?? "help";
    // Own keys only: `/leads constructor` must not find Object.prototype's.
    const key = word.toLowerCase();
    const sub = Object.hasOwn(SUBCOMMANDS, key) ? SUBCOMMANDS[key] : undefined;
    if (!sub) {
      const help = buildHelp();
      const line = `Unknown subcommand “${escapeTruncate(word, 50)}”.`;
      await replyPrivately(client, body, message(`${line}\n${help.text}`, [section(line), ...help.blocks]), {
        respond,
      });
      return;
    }
    const args = text.slice(word.length).trim();
    const run = () => sub({ deps, cmd, args, client });
    const queued = (ahead: number) => {
      const line = `Busy: ${ahead + BACKGROUND_SLOTS} requests are ahead of yours; it is queued and the answer follows.`;
      replyPrivately(client, body, message(line, [section(line)]), { respond }).catch(() => {});
    };
    const reply = HEAVY.has(key) ? await background.run(run, queued) : await run();
    if (reply) await replyPrivately(client, body, reply, { respond });
  };
}
