// Follow-up decisions for sales-qualified leads, from timestamps only. Exactly one action per
// lead per run, the strongest first: recycle (back to marketing nurture) beats a reminder, so
// a lead forgotten for a month is handed back rather than nagged about once more.
//
// - `sql_inactive`: stage sql, not contacted yet, no activity for `sqlInactiveDays`.
// - `contacted_no_outcome`: stage sql, contacted `contactedNoOutcomeDays` ago, no outcome
//   (won / lost / nurture all move the stage away from sql, so stage sql means no outcome).
// - `recycle`: stage sql with no activity for `recycleAfterDays`: move to nurture, tell marketing.
// "Activity" is the latest of lastActivityAt, sqlAt, assignedAt, claimedAt, firstResponseAt,
// contactedAt: any of them restarts the quiet spell. A reminder is sent once per quiet spell
// (`lastReminderAt` before the spell began, or never), again every `repeatEveryDays` if set.
import type { FollowUpConfig } from "./config.ts";

type When = Date | string | null | undefined;

export interface FollowUpLead {
  id: string;
  stage: string;
  ownerSlackId: string | null;
  lastActivityAt?: When;
  sqlAt?: When;
  assignedAt?: When;
  claimedAt?: When;
  firstResponseAt?: When;
  contactedAt?: When;
  /** When the last follow-up reminder for this lead went out. */
  lastReminderAt?: When;
}

export type FollowUpKind = "sql_inactive" | "contacted_no_outcome" | "recycle";

export interface FollowUpAction {
  leadId: string;
  kind: FollowUpKind;
  /** The owner by DM; managers when the lead has no owner. */
  to: { type: "user"; id: string } | { type: "managers" };
  /** Whole days since the timestamp the rule measures from. */
  days: number;
}

const DAY = 86_400_000;
const ms = (v: When) => {
  if (v === null || v === undefined) return null;
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isNaN(t) ? null : t;
};

export function decideFollowUps(opts: {
  leads: readonly FollowUpLead[];
  now: Date;
  config: FollowUpConfig;
}): FollowUpAction[] {
  const { config } = opts;
  const now = opts.now.getTime();
  const actions: FollowUpAction[] = [];
  for (const lead of opts.leads) {
    if (lead.stage !== "sql") continue;
    const stamps = [
      lead.lastActivityAt,
      lead.sqlAt,
      lead.assignedAt,
      lead.claimedAt,
      lead.firstResponseAt,
      lead.contactedAt,
    ]
      .map(ms)
      .filter((t): t is number => t !== null);
    if (stamps.length === 0) continue;
    const lastActivity = Math.max(...stamps);
    const to: FollowUpAction["to"] = lead.ownerSlackId
      ? { type: "user", id: lead.ownerSlackId }
      : { type: "managers" };
    const quietDays = (now - lastActivity) / DAY;
    if (config.recycleAfterDays !== null && quietDays >= config.recycleAfterDays) {
      actions.push({ leadId: lead.id, kind: "recycle", to, days: Math.floor(quietDays) });
      continue;
    }
    const contacted = ms(lead.contactedAt);
    const [kind, since, threshold]: [FollowUpKind, number, number | null] =
      contacted !== null
        ? ["contacted_no_outcome", contacted, config.contactedNoOutcomeDays]
        : ["sql_inactive", lastActivity, config.sqlInactiveDays];
    const days = (now - since) / DAY;
    if (threshold === null || days < threshold) continue;
    const reminded = ms(lead.lastReminderAt);
    // The spell began when the rule's threshold was first crossed; a reminder after that counts.
    const due =
      reminded === null ||
      reminded < since ||
      (config.repeatEveryDays !== null && now - reminded >= config.repeatEveryDays * DAY);
    if (due) actions.push({ leadId: lead.id, kind, to, days: Math.floor(days) });
  }
  return actions;
}
