import { forgetLead } from "../../flows/forget-lead.ts";
import { type CliCommand, UsageError } from "../io.ts";
import { openCliContext } from "../open.ts";

export const forgetCommand: CliCommand = {
  summary: "erase a person's personal data (the erasure is recorded)",
  usage: "leadops forget <email>",
  async run(args, io) {
    const email = args[0];
    if (!email) throw new UsageError("an email address is required");
    const ctx = await openCliContext();
    try {
      const { leadId } = await forgetLead({ db: ctx.db, email, actor: "cli", now: new Date() });
      io.out(`Erased the personal data of lead ${leadId}; the erasure is in the audit log.`);
      return 0;
    } finally {
      await ctx.db.close();
    }
  },
};
