// Loads the routing state of a route's pools inside the caller's transaction, with row locks,
// so two instances routing into the same pool take turns: the second waits on the cursor rows
// and, once the first commits, reads its cursor and ledger (READ COMMITTED re-reads per
// statement). Rows are created if missing (INSERT … ON CONFLICT DO NOTHING: a concurrent insert
// of the same pool waits instead of failing) and locked in pool-name order, the one order every
// writer uses, so two transactions locking overlapping pools cannot deadlock.
import type { Tx } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { LedgerEntry, PoolCursor, RepStats, RoutingState } from "../routing/types.ts";
import { countOpenLeads } from "./count-open-leads.ts";

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
    await tx.$executeRaw`INSERT INTO "RoutingCursor" (pool, "updatedAt")
      VALUES ${Prisma.join(pools.map((p) => Prisma.sql`(${p}, ${now})`))}
      ON CONFLICT (pool) DO NOTHING`;
    const cursors = await tx.$queryRaw<{ pool: string; position: number; state: unknown }[]>`
      SELECT pool, position, state FROM "RoutingCursor"
      WHERE pool IN (${Prisma.join(pools)}) ORDER BY pool FOR UPDATE`;
    for (const c of cursors) state.cursor[c.pool] = toCursor(c.position, c.state);
    // Every ledger writer holds the pool's cursor lock first, so these locks never wait; they
    // are taken anyway so a writer that forgot the cursor cannot slip in between read and write.
    const ledger = await tx.$queryRaw<
      { pool: string; repSlackId: string; assigned: number; credits: number; lastAssignedAt: Date | null }[]
    >`SELECT pool, "repSlackId", assigned, credits, "lastAssignedAt" FROM "FairnessLedger"
      WHERE pool IN (${Prisma.join(pools)}) ORDER BY pool, "repSlackId" FOR UPDATE`;
    for (const row of ledger) {
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
    const rows = await tx.$queryRaw<{ rep: string; assigned: number; converted: number }[]>`
      SELECT a."repSlackId" AS rep,
             count(DISTINCT a."leadId")::int AS assigned,
             count(DISTINCT a."leadId") FILTER (WHERE l."convertedAt" IS NOT NULL)::int AS converted
      FROM "Assignment" a JOIN "Lead" l ON l.id = a."leadId"
      WHERE a."repSlackId" IS NOT NULL AND a."createdAt" >= ${since}
      GROUP BY a."repSlackId"`;
    for (const r of rows)
      state.stats[r.rep] = { assigned: r.assigned, converted: r.converted } satisfies RepStats;
  }
  return state;
}

function toCursor(position: number, raw: unknown): PoolCursor {
  const s = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as PoolCursor["state"]) : {};
  return { position, state: s };
}
