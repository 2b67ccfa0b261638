// Folds a decision's update into a state, for callers that keep the state in memory between
// decisions (simulate, tests). A database caller writes the update's rows instead.
import type { RoutingState, RoutingUpdate } from "./types.ts";

export function applyRoutingUpdate(state: RoutingState, update: RoutingUpdate): RoutingState {
  if (Object.keys(update.cursor).length === 0 && update.ledger.length === 0) return state;
  const ledger = { ...state.ledger };
  for (const row of update.ledger) ledger[row.pool] = { ...ledger[row.pool], [row.repSlackId]: row.entry };
  return {
    ...state,
    cursor: { ...state.cursor, ...update.cursor },
    ledger,
    openCounts: { ...state.openCounts, ...update.openCounts },
  };
}
