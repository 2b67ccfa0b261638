// The Won modal's date picker gives a calendar day, not an instant. Read as midnight UTC, a deal
// closed today landed before the lead was created and the report showed a negative sales cycle.
// So: today (in the rep's time zone) means now; an earlier day means the end of that day there
// (the deal closed some time that day, and the end is the latest it can have been); a later day is
// refused, and so is a day that ends before the lead was created.
import { dayIn, endOfDayIn } from "../time/calendar-day.ts";

export type CloseDate = { ok: true; closedAt: Date } | { ok: false; message: string };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function resolveCloseDate(o: {
  /** The picked day, YYYY-MM-DD. */
  date: string;
  now: Date;
  /** The rep's time zone (a valid IANA name: repTimeZone). */
  timeZone: string;
  /** When the lead was created; a close before it is refused. */
  createdAt?: Date | null;
}): CloseDate {
  const { date, now, timeZone, createdAt } = o;
  if (!ISO_DAY.test(date) || !new Date(`${date}T00:00:00Z`).toISOString().startsWith(date))
    return { ok: false, message: "Choose the close date" };
  const today = dayIn(now, timeZone);
  if (date > today) return { ok: false, message: "The close date cannot be in the future" };
  const closedAt = date === today ? now : endOfDayIn(date, timeZone);
  if (createdAt && closedAt.getTime() < createdAt.getTime()) {
    const created = dayIn(createdAt, timeZone);
    return {
      ok: false,
      message: `The close date cannot be before the lead was created (${created}, ${timeZone})`,
    };
  }
  return { ok: true, closedAt };
}
