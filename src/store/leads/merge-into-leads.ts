// Stores captures inside the caller's transaction: creates each new lead, or locks the existing
// row and merges into it (merge-lead.ts), with a fixed number of statements for any number of
// captures. Safe when several instances capture the same new email at the same moment: the
// insert is ON CONFLICT DO NOTHING, so the loser waits for the winner's commit, inserts nothing,
// then locks and merges into the winner's row. (A failed INSERT would abort a PostgreSQL
// transaction, which is why no unique violation is caught.) New rows are inserted in email
// order and existing rows locked in id order (lockLeads), so two batches with overlapping emails,
// or a batch and a rescore chunk, queue instead of deadlocking.
import {
  type LeadChanges,
  type LeadPatch,
  mergeLead,
  newLeadColumns,
  SCALAR_FIELDS,
  type StoredLead,
} from "../../core/leads/merge-lead.ts";
import type { Lead } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export interface StoredCapture {
  leadId: string;
  created: boolean;
  /** Changed fields with prior values; empty for a new lead or an update that adds nothing. */
  changes: LeadChanges;
}

export interface Capture {
  /** Already normalised (normalizeEmail). */
  email: string;
  patch: LeadPatch;
}

// The columns a capture can write: the merge reads them all and, for a changed lead, writes
// them all back from the merged row (unchanged ones with the value they had).
const MERGED_COLUMNS = [
  ...SCALAR_FIELDS,
  "domain",
  "source",
  "interests",
  "attributes",
  "occurredAt",
] as const;

const quoted = MERGED_COLUMNS.map((c) => `"${c}"`).join(", ");
const fromRecord = MERGED_COLUMNS.map((c) => `r."${c}"`).join(", ");
// json_populate_recordset types every value by the Lead table's own columns (text[], jsonb,
// timestamp, …), so one statement takes any number of rows without per-column casts. The id is
// made by the database; "updatedAt" is the caller's clock ($2).
const insertLeads = statement<Pick<Lead, "id" | "email">, [string, string]>(
  "insertCapturedLeads",
  ["id", "email"],
  `INSERT INTO "Lead" (id, email, ${quoted}, "updatedAt")
   SELECT gen_random_uuid(), r.email, ${fromRecord}, $2::timestamp FROM json_populate_recordset(NULL::"Lead", $1::json) r
   ON CONFLICT (email) DO NOTHING
   RETURNING id, email`,
);
// Locked in id order, the order every other multi-lead writer locks in (loadLeadStates for
// rescore and decay chunks): a batch and a chunk sharing two leads cannot deadlock.
const lockLeads = statement<StoredLead & { id: string }, [string[]]>(
  "lockCapturedLeads",
  ["id", "email", ...MERGED_COLUMNS] as (keyof StoredLead & string)[],
  `SELECT id, email, ${quoted} FROM "Lead" WHERE email = ANY($1::text[]) ORDER BY id FOR UPDATE`,
);
const updateLeads = statement<Record<string, never>, [string, string]>(
  "updateCapturedLeads",
  [],
  `UPDATE "Lead" l SET (${quoted}, "updatedAt") = (${fromRecord}, $2::timestamp)
   FROM json_populate_recordset(NULL::"Lead", $1::json) r WHERE l.id = r.id`,
);

/** `email` must already be normalised (normalizeEmail). */
export async function mergeIntoLead(
  tx: Tx,
  email: string,
  patch: LeadPatch,
  now: Date,
): Promise<StoredCapture> {
  const [stored] = await mergeIntoLeads(tx, [{ email, patch }], now);
  return stored!;
}

/** Results are in the order of `captures`; the same email twice merges in that order. */
export async function mergeIntoLeads(tx: Tx, captures: Capture[], now: Date): Promise<StoredCapture[]> {
  const at = utcTimestamp(now);
  const firsts = new Map<string, number>();
  captures.forEach((c, index) => {
    if (!firsts.has(c.email)) firsts.set(c.email, index);
  });
  const candidates = [...firsts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([email, index]) => newLeadColumns(email, captures[index]!.patch));
  const inserted = new Map(
    (await insertLeads.run(tx, JSON.stringify(candidates), at)).map((r) => [r.email, r.id]),
  );

  const results: StoredCapture[] = new Array(captures.length);
  const toMerge: number[] = [];
  captures.forEach((c, index) => {
    const id = inserted.get(c.email);
    if (id !== undefined && firsts.get(c.email) === index) {
      results[index] = { leadId: id, created: true, changes: {} };
    } else {
      toMerge.push(index);
    }
  });
  if (toMerge.length === 0) return results;

  // Row locks: two updates of one lead at once must not both read, merge and overwrite.
  const emails = [...new Set(toMerge.map((i) => captures[i]!.email))];
  const rows = await lockLeads.run(tx, emails);
  const current = new Map(rows.map((r) => [r.email, r]));
  const changed = new Map<string, StoredLead & { id: string }>();
  for (const index of toMerge) {
    const { email, patch } = captures[index]!;
    const existing = current.get(email);
    if (!existing) throw new Error("lead vanished between insert and lock");
    const { data, changes } = mergeLead(existing, patch);
    if (Object.keys(changes).length > 0) {
      const merged = { ...existing, ...data };
      current.set(email, merged);
      changed.set(email, merged);
    }
    results[index] = { leadId: existing.id, created: false, changes };
  }
  if (changed.size > 0) {
    await updateLeads.run(tx, JSON.stringify([...changed.values()]), at);
  }
  return results;
}
