// `/leads away [until DATE]` and `/leads back`. DATE is YYYY-MM-DD (or `tomorrow`, or a weekday
// name for the next such day); the rep is away until that day starts (00:00 UTC).
import { z } from "zod";
import { ValidationError } from "../../../domain/errors.ts";
import { setAvailability } from "../../../domain/reps/set-availability.ts";
import { formatUtc } from "../../blocks/common.ts";
import { buildConfirmation } from "../../render/refusal.ts";
import type { Subcommand } from "./types.ts";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const awayArgs = z
  .string()
  .trim()
  .regex(/^(until\s+\S+)?$/i, "Use `/leads away` or `/leads away until YYYY-MM-DD`");

export function parseUntil(text: string, now: Date): Date | null {
  const parsed = awayArgs.safeParse(text);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? "Invalid date");
  if (parsed.data === "") return null;
  const word = parsed.data.split(/\s+/)[1]?.toLowerCase() ?? "";
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (word === "tomorrow") return new Date(today + 86_400_000);
  const day = WEEKDAYS.findIndex((d) => d === word || d.slice(0, 3) === word);
  if (day >= 0) {
    const ahead = (day - now.getUTCDay() + 7) % 7 || 7;
    return new Date(today + ahead * 86_400_000);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(word)) {
    const d = new Date(`${word}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().startsWith(word)) return d;
  }
  throw new ValidationError(`"${word.slice(0, 40)}" is not a date: use YYYY-MM-DD, tomorrow or a weekday`);
}

export const away: Subcommand = async ({ deps, cmd, args }) => {
  const until = parseUntil(args, deps.ctx.now());
  await setAvailability({ ctx: deps.ctx, actor: cmd.user_id, change: { state: "away", until } });
  return buildConfirmation(
    until
      ? `You are away until ${formatUtc(until)}; no new leads come to you until then.`
      : "You are away; no new leads come to you until you use `/leads back`.",
  );
};

export const back: Subcommand = async ({ deps, cmd }) => {
  await setAvailability({ ctx: deps.ctx, actor: cmd.user_id, change: { state: "back" } });
  return buildConfirmation("Welcome back: you receive leads again.");
};
