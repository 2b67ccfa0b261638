// The planner's statistics of the outbound outbox, refreshed by the worker. PGlite runs no
// autovacuum: without statistics the claim hashes every pending row (80–100 ms at 6300 rows, on
// the one connection intake also needs); with them it walks `seq` and stops at the limit (about
// 4 ms). On PostgreSQL autovacuum does this too; every few seconds while busy costs little (docs/benchmarks.md).
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const analyze = statement<Record<string, never>, []>(
  "analyzeOutboundDeliveries",
  [],
  `ANALYZE "OutboundDelivery"`,
);

export async function analyzeDeliveries(tx: Tx): Promise<void> {
  await analyze.run(tx);
}
