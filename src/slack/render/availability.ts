// Builder (pure): the reply to `/leads away`, with the end in the rep's own time (and in UTC when
// that differs), so "until Monday" reads as the rep meant it.

import type { SlackMessage } from "../blocks/types.ts";
import { buildConfirmation } from "./refusal.ts";

/** "2025-03-10 00:00" on the wall clock of `timeZone`. */
export function formatInZone(at: Date, timeZone: string): string {
  const p: Record<string, string> = {};
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  for (const part of f.formatToParts(at)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function buildAwayConfirmation(vm: { until: Date | null; timeZone: string }): SlackMessage {
  if (!vm.until)
    return buildConfirmation("You are away; no new leads come to you until you use `/leads back`.");
  const local = `${formatInZone(vm.until, vm.timeZone)} ${vm.timeZone}`;
  const utc = vm.timeZone === "UTC" ? "" : ` (${vm.until.toISOString().slice(0, 16).replace("T", " ")} UTC)`;
  return buildConfirmation(`You are away until ${local}${utc}; no new leads come to you until then.`);
}
