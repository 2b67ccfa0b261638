// `/leads away [until DATE]` and `/leads back`. DATE is YYYY-MM-DD (or `tomorrow`, or a weekday
// name for the next such day); the rep is away until that day starts in their own time zone
// (setAvailability reads the day there), and the reply shows that instant in their time.
import { z } from "zod";
import { ValidationError } from "../../../core/errors.ts";
import { type AwayDay, resolveAwayDay, setAvailability } from "../../../flows/set-availability.ts";
import { buildRefusal } from "../../blocks/ephemeral.ts";
import { buildAwayConfirmation } from "../../render/availability.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import type { Subcommand } from "./types.ts";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const awayArgs = z
  .string()
  .trim()
  .regex(/^(until\s+\S+)?$/i, "Use `/leads away` or `/leads away until YYYY-MM-DD`");

/** The day named after `until` (null for plain `/leads away`); which instant it is depends on the zone. */
export function parseAwayDay(text: string): AwayDay | null {
  const parsed = awayArgs.safeParse(text);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? "Invalid date");
  if (parsed.data === "") return null;
  const word = parsed.data.split(/\s+/)[1]?.toLowerCase() ?? "";
  if (word === "tomorrow") return { daysAhead: 1 };
  const day = WEEKDAYS.findIndex((d) => d === word || d.slice(0, 3) === word);
  if (day >= 0) return { weekday: day };
  if (/^\d{4}-\d{2}-\d{2}$/.test(word)) {
    const d = new Date(`${word}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().startsWith(word)) return { date: word };
  }
  throw new ValidationError(`"${word.slice(0, 40)}" is not a date: use YYYY-MM-DD, tomorrow or a weekday`);
}

/** The instant the named day starts in `timeZone` (UTC unless given). */
export function parseUntil(text: string, now: Date, timeZone = "UTC"): Date | null {
  const day = parseAwayDay(text);
  return day ? resolveAwayDay(day, now, timeZone) : null;
}

export const away: Subcommand = async ({ deps, cmd, args }) => {
  const day = parseAwayDay(args);
  const rep = await setAvailability({ ctx: deps.ctx, actor: cmd.user_id, change: { state: "away", day } });
  return buildAwayConfirmation({ until: rep.awayUntil, timeZone: rep.timezone });
};

export const back: Subcommand = async ({ deps, cmd }) => {
  const rep = await setAvailability({ ctx: deps.ctx, actor: cmd.user_id, change: { state: "back" } });
  // An automatic pause is the managers' to lift: the rep is back, but still gets no leads.
  if (rep.paused) return buildRefusal("paused");
  return buildConfirmation("Welcome back: you receive leads again.");
};
