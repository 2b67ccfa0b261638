// Stale MQLs: marketing-qualified leads that stopped acting. The cutoff (now minus
// followUp.mqlStaleDays) and the once-a-week key are decided here; the store filters by the
// cutoff. The weekly post's text and the audience CSV are rendered here too, so the API and the
// job share one shape.
import { csvLine } from "../reporting/csv.ts";

const DAY = 86_400_000;

export interface StaleMqlRow {
  id: string;
  email: string;
  name: string | null;
  company: string | null;
  segments: string[];
  score: number;
  mqlAt: string | null;
  /** The latest activity: Lead.lastActivityAt, mqlAt, createdAt or the latest event, whichever is last. */
  lastActivityAt: string;
  leadMagnet: string | null;
  campaign: string | null;
  source: string | null;
}

export interface StaleMqlList {
  staleDays: number;
  /** Leads whose last activity is before this instant are stale. */
  staleBefore: string;
  leads: StaleMqlRow[];
}

/** The instant before which an MQL's last activity makes it stale. */
export function staleBefore(now: Date, staleDays: number): Date {
  return new Date(now.getTime() - staleDays * DAY);
}

/** The ISO 8601 week of `now` in UTC (`2026-W50`): the weekly post's once-per-week key. */
export function isoWeekOf(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  // The week belongs to the year of its Thursday.
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / DAY + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

export const STALE_MQL_COLUMNS = [
  "id",
  "email",
  "name",
  "company",
  "segments",
  "score",
  "mqlAt",
  "lastActivityAt",
  "leadMagnet",
  "campaign",
  "source",
] as const satisfies readonly (keyof StaleMqlRow)[];

/** The audience as CSV (RFC 4180, formula-looking cells prefixed with '); segments joined by `;`. */
export function staleMqlCsv(leads: readonly StaleMqlRow[]): string {
  const lines = [csvLine([...STALE_MQL_COLUMNS])];
  for (const lead of leads) {
    lines.push(csvLine(STALE_MQL_COLUMNS.map((c) => (c === "segments" ? lead.segments.join(";") : lead[c]))));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** The weekly post's text: how many, since when, and what the file holds. */
export function staleMqlSummaryText(list: StaleMqlList, week: string): string {
  const n = list.leads.length;
  const byCampaign = new Map<string, number>();
  for (const l of list.leads) {
    const key = l.campaign ?? "(no campaign)";
    byCampaign.set(key, (byCampaign.get(key) ?? 0) + 1);
  }
  const top = [...byCampaign.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  return (
    `Stale MQLs, week ${week}: ${n} marketing-qualified lead${n === 1 ? "" : "s"} with no activity ` +
    `for ${list.staleDays} days or more (since before ${list.staleBefore.slice(0, 10)}). ` +
    `By campaign: ${top}. The attached CSV lists them for retargeting or a follow-up email; ` +
    "the same list is at GET /api/audiences/stale-mql."
  );
}
