// The Won modal's submission, checked before Slack is answered so that a problem shows inline on
// its field: the amount and currency (validateWon), and the picked close date read as an instant
// in the actor's time zone (core/outcomes/resolve-close-date.ts: today is now, an earlier day its
// end there, nothing before the lead was created). Read-only; markWon checks again when it writes.
import type { AppContext } from "../context.ts";
import { resolveCloseDate } from "../core/outcomes/resolve-close-date.ts";
import { repTimeZone } from "../core/time/calendar-day.ts";
import { readLeadCreatedAt } from "../store/leads/read-lead-created-at.ts";
import { readRepTimezone } from "../store/reps/rep-availability.ts";
import { validateWon, type WonInput, type WonProblem } from "./mark-won.ts";

export async function prepareWon(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  leadId: string;
  actor: string;
  amount: number;
  currency: string;
  /** The date picker's day, YYYY-MM-DD ("" when none was picked). */
  closeDate: string;
}): Promise<{ input: WonInput; problems: WonProblem[] }> {
  const { ctx, leadId, actor } = opts;
  const now = ctx.now();
  const { createdAt, zone } = await ctx.db.transaction(async (tx) => ({
    createdAt: await readLeadCreatedAt(tx, leadId),
    zone: await readRepTimezone(tx, actor),
  }));
  // A manager who is not a rep has no Rep row: the configured default zone.
  const timeZone = repTimeZone(zone, ctx.rules.routing.defaultTimezone);
  const close = resolveCloseDate({ date: opts.closeDate, now, timeZone, createdAt });
  const input: WonInput = {
    amount: opts.amount,
    currency: opts.currency,
    closedAt: close.ok ? close.closedAt : new Date(Number.NaN),
  };
  const problems = validateWon(input, now).filter((p) => p.field !== "closedAt");
  if (!close.ok) problems.push({ field: "closedAt", message: close.message });
  return { input, problems };
}
