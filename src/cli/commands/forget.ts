import { forgetLead } from "../../flows/forget-lead.ts";
import type { CliCommand, CliIo } from "../io.ts";
import { UsageError } from "../io.ts";
import { runOnTarget, takeUrl } from "../target.ts";

function emailOf(args: string[]): string {
  const email = args[0];
  if (!email) throw new UsageError("an email address is required");
  return email;
}

function printForgotten(leadId: string, io: CliIo): number {
  io.out(`Erased the personal data of lead ${leadId}; the erasure is in the audit log.`);
  return 0;
}

export const forgetCommand: CliCommand = {
  summary: "erase a person's personal data (the erasure is recorded)",
  usage: "leadops forget <email> [--url BASE]",
  async run(args, io) {
    emailOf(takeUrl(args).rest); // a usage error before any database or server is reached
    return runOnTarget(args, io, {
      async direct(ctx, rest) {
        const { leadId } = await forgetLead({
          db: ctx.db,
          email: emailOf(rest),
          actor: "cli",
          now: new Date(),
        });
        return printForgotten(leadId, io);
      },
      async server(api, rest) {
        const { leadId } = await api.json<{ leadId: string }>("POST", "/api/leads/forget", {
          email: emailOf(rest),
        });
        return printForgotten(leadId, io);
      },
    });
  },
};
