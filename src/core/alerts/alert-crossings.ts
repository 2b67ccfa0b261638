// One change that moves a lead makes at most one alert: its grade crossing and its stage crossing
// (COLD → WARM with lead → mql, WARM → HOT with mql → sql) are one message that shows both. The
// rules file's `alerts` says which thresholds alert at all (`crossings`) and whether falling
// below one does (`down`). Pure: the refresh records every crossing as a transition either way.
import type { Crossing } from "../scoring/detect-crossings.ts";
import type { AlertLevel, AlertsConfig } from "./config.ts";

/** What an alert shows of one crossing (stored in the notice's payload). */
export interface AlertCrossing {
  field: "grade" | "stage";
  from: string;
  to: string;
  direction: "up" | "down";
  reason: string;
}

/** The threshold a crossing passes: going up, the level reached; going down, the level left. */
export function levelOf(crossing: Pick<Crossing, "direction" | "from" | "to">): string {
  return crossing.direction === "up" ? crossing.to : crossing.from;
}

/** The crossings of one change that alert marketing, grade first; empty when none does. */
export function alertCrossings(crossings: readonly Crossing[], config: AlertsConfig): AlertCrossing[] {
  return crossings
    .filter(
      (c) => (config.down || c.direction === "up") && config.crossings.includes(levelOf(c) as AlertLevel),
    )
    .map(({ field, from, to, direction, reason }) => ({ field, from, to, direction, reason }));
}

/** Leads that crossed, counted by the threshold they reached or left (a bulk summary's figures). */
export interface CrossingTally {
  /** `up:warm` → leads, `down:hot` → leads; a lead counts once per level. */
  counts: Record<string, number>;
  /** Distinct leads that crossed a threshold that alerts. */
  leads: number;
  /** The first leads, in the order they crossed, for the summary's list. */
  sample: string[];
}

/** Slack allows 50 blocks: a summary lists at most this many leads (one block each) and counts the rest. */
export const SUMMARY_LIST_MAX = 45;

export function emptyTally(): CrossingTally {
  return { counts: {}, leads: 0, sample: [] };
}

/** Adds one lead's alerting crossings to the tally (a no-op when there are none). */
export function addToTally(tally: CrossingTally, leadId: string, crossings: readonly AlertCrossing[]): void {
  if (crossings.length === 0) return;
  tally.leads += 1;
  if (tally.sample.length < SUMMARY_LIST_MAX) tally.sample.push(leadId);
  for (const c of crossings) {
    const key = `${c.direction}:${levelOf(c)}`;
    tally.counts[key] = (tally.counts[key] ?? 0) + 1;
  }
}

/** Adds `part` (one committed batch) into `into` (the run). */
export function mergeTally(into: CrossingTally, part: CrossingTally): void {
  into.leads += part.leads;
  for (const id of part.sample) if (into.sample.length < SUMMARY_LIST_MAX) into.sample.push(id);
  for (const [key, n] of Object.entries(part.counts)) into.counts[key] = (into.counts[key] ?? 0) + n;
}

const ORDER = ["up:warm", "up:mql", "up:hot", "up:sql", "down:hot", "down:sql", "down:warm", "down:mql"];

/** "142 leads crossed to warm, 12 to hot; 3 fell below hot" (grade levels first, then stages). */
export function describeTally(counts: Readonly<Record<string, number>>): string {
  const keys = Object.keys(counts)
    .filter((k) => (counts[k] ?? 0) > 0)
    .sort((a, b) => rank(a) - rank(b));
  const up = keys.filter((k) => k.startsWith("up:"));
  const down = keys.filter((k) => k.startsWith("down:"));
  const part = (list: string[], verb: string) =>
    list
      .map((k, i) => {
        const n = counts[k] ?? 0;
        const level = k.slice(k.indexOf(":") + 1);
        return i === 0
          ? `${n} lead${n === 1 ? "" : "s"} ${verb} ${level}`
          : `${n} ${verbShort(verb)} ${level}`;
      })
      .join(", ");
  const parts = [part(up, "crossed to"), part(down, "fell below")].filter(Boolean);
  return parts.length > 0 ? parts.join("; ") : "no lead crossed a threshold";
}

function rank(key: string): number {
  const i = ORDER.indexOf(key);
  return i === -1 ? ORDER.length : i;
}

function verbShort(verb: string): string {
  return verb === "crossed to" ? "to" : "below";
}
