// Loads the routing state of a route's pools inside the caller's transaction, with row locks,
// so two instances routing into the same pool take turns: the second waits on the cursor rows
// and, once the first commits, reads its cursor and ledger (READ COMMITTED re-reads per
// statement). Rows are created if missing (INSERT … ON CONFLICT DO NOTHING: a concurrent insert
// of the same pool waits instead of failing) and locked in pool-name order, the one order every
// writer uses, so two transactions locking overlapping pools cannot deadlock.

import type {
  LedgerEntry,
  PoolCursor,
  RepStats,
  RoutingState,
  RoutingUpdate,
} from "../../core/routing/types.ts";
import type { FairnessLedger, RoutingCursor } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { countOpenLeads } from "../leads/count-open-leads.ts";
import { statement } from "../statement.ts";
import { toJson } from "../to-json.ts";

const createCursors = statement<Record<string, never>, [string[], string]>(
  "createRoutingCursors",
  [],
  `INSERT INTO "RoutingCursor" (pool, "updatedAt")
   SELECT p, $2::timestamp FROM unnest($1::text[]) AS p ORDER BY p
   ON CONFLICT (pool) DO NOTHING`,
);

const lockCursors = statement<Pick<RoutingCursor, "pool" | "position" | "state">, [string[]]>(
  "lockRoutingCursors",
  ["pool", "position", "state"],
  `SELECT pool, position, state FROM "RoutingCursor" WHERE pool = ANY($1::text[]) ORDER BY pool FOR UPDATE`,
);

const lockLedger = statement<
  Pick<FairnessLedger, "pool" | "repSlackId" | "assigned" | "credits" | "lastAssignedAt">,
  [string[]]
>(
  "lockFairnessLedger",
  ["pool", "repSlackId", "assigned", "credits", "lastAssignedAt"],
  `SELECT pool, "repSlackId", assigned, credits, "lastAssignedAt" FROM "FairnessLedger"
   WHERE pool = ANY($1::text[]) ORDER BY pool, "repSlackId" FOR UPDATE`,
);

const selectStats = statement<{ rep: string; assigned: number; converted: number }, [string]>(
  "selectRepConversionStats",
  ["rep", "assigned", "converted"],
  `SELECT a."repSlackId" AS rep,
          count(DISTINCT a."leadId")::int AS assigned,
          count(DISTINCT a."leadId") FILTER (WHERE l."convertedAt" IS NOT NULL)::int AS converted
   FROM "Assignment" a JOIN "Lead" l ON l.id = a."leadId"
   WHERE a."repSlackId" IS NOT NULL AND a."createdAt" >= $1::timestamp
   GROUP BY a."repSlackId"`,
);

export async function lockRoutingState(opts: {
  tx: Tx;
  pools: readonly string[];
  /** Reps whose open-lead counts are needed. */
  repSlackIds: string[];
  /** Set for the performance strategy: conversion stats over this many days before `now`. */
  statsWindowDays?: number;
  now: Date;
}): Promise<RoutingState> {
  const { tx, now } = opts;
  const pools = [...new Set(opts.pools)].sort();
  const state: RoutingState = { cursor: {}, ledger: {}, openCounts: {}, stats: {} };
  if (pools.length > 0) {
    await createCursors.run(tx, pools, utcTimestamp(now));
    for (const c of await lockCursors.run(tx, pools)) state.cursor[c.pool] = toCursor(c.position, c.state);
    // Every ledger writer holds the pool's cursor lock first, so these locks never wait; they
    // are taken anyway so a writer that forgot the cursor cannot slip in between read and write.
    for (const row of await lockLedger.run(tx, pools)) {
      const entry: LedgerEntry = {
        assigned: row.assigned,
        credits: row.credits,
        lastAssignedAt: row.lastAssignedAt ? new Date(row.lastAssignedAt).toISOString() : null,
      };
      state.ledger[row.pool] = { ...state.ledger[row.pool], [row.repSlackId]: entry };
    }
  }
  if (opts.repSlackIds.length > 0) {
    state.openCounts = await countOpenLeads({ tx, repSlackIds: opts.repSlackIds });
  }
  if (opts.statsWindowDays !== undefined) {
    const since = new Date(now.getTime() - opts.statsWindowDays * 86_400_000);
    for (const r of await selectStats.run(tx, utcTimestamp(since)))
      state.stats[r.rep] = { assigned: r.assigned, converted: r.converted } satisfies RepStats;
  }
  return state;
}

function toCursor(position: number, raw: unknown): PoolCursor {
  const s = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as PoolCursor["state"]) : {};
  return { position, state: s };
}

const saveCursors = statement<Record<string, never>, [string[], number[], string[], string]>(
  "saveRoutingCursors",
  [],
  `UPDATE "RoutingCursor" c SET position = u.position, state = u.state, "updatedAt" = $4::timestamp
   FROM unnest($1::text[], $2::int[], $3::jsonb[]) AS u(pool, position, state) WHERE c.pool = u.pool`,
);

const saveLedger = statement<
  Record<string, never>,
  [string[], string[], number[], number[], (string | null)[]]
>(
  "saveFairnessLedger",
  [],
  `INSERT INTO "FairnessLedger" (pool, "repSlackId", assigned, credits, "lastAssignedAt")
   SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::timestamp[])
   ON CONFLICT (pool, "repSlackId") DO UPDATE SET assigned = EXCLUDED.assigned,
     credits = EXCLUDED.credits, "lastAssignedAt" = EXCLUDED."lastAssignedAt"`,
);

/** Writes back the cursors and ledger rows a decision changed (their locks are already held). */
export async function saveRoutingState(
  tx: Tx,
  update: Pick<RoutingUpdate, "cursor" | "ledger">,
  at: Date,
): Promise<void> {
  const cursors = Object.entries(update.cursor);
  if (cursors.length > 0) {
    await saveCursors.run(
      tx,
      cursors.map(([pool]) => pool),
      cursors.map(([, c]) => c.position),
      cursors.map(([, c]) => JSON.stringify(toJson(c.state))),
      utcTimestamp(at),
    );
  }
  const l = update.ledger;
  if (l.length > 0) {
    await saveLedger.run(
      tx,
      l.map((e) => e.pool),
      l.map((e) => e.repSlackId),
      l.map((e) => e.entry.assigned),
      l.map((e) => e.entry.credits),
      l.map((e) => (e.entry.lastAssignedAt ? utcTimestamp(new Date(e.entry.lastAssignedAt)) : null)),
    );
  }
}
