// `/leads report email [period]`: managers and marketing. Email engagement (sends, opens,
// clicks, rates) by campaign and by segment, privately.
import { ForbiddenError, ValidationError } from "../../../core/errors.ts";
import { parsePeriod } from "../../../core/reporting/period.ts";
import { rolesOf } from "../../../core/roles.ts";
import { buildEmailReport } from "../../../flows/build-email-report.ts";
import { emailReportMessage } from "../../render/email-report.ts";
import { replyPrivately } from "../../reply.ts";
import type { Subcommand } from "./types.ts";

export const reportEmail: Subcommand = async ({ deps, cmd, args, client }) => {
  const roles = rolesOf(deps.ctx.rules, cmd.user_id);
  if (!roles.isManager && !roles.isMarketing) {
    throw new ForbiddenError("Only managers and marketing can see email engagement.");
  }
  const words = args.split(/\s+/).filter(Boolean).slice(1);
  if (words.length > 1)
    throw new ValidationError("Usage: `/leads report email [today|week|month|quarter|year|FROM..TO]`");
  const now = deps.ctx.now();
  const result = await buildEmailReport({ db: deps.ctx.db, period: parsePeriod(words[0], { now }), now });
  await replyPrivately(client, cmd, emailReportMessage(result));
  return null;
};
