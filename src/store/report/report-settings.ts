// Settings of the report's own read-only transactions (SET LOCAL: nothing outlives them).
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

// jit off: the planner's cost estimates over a year of rows switch JIT compilation on (with
// inlining and optimization past 500,000), and compiling took 1 to 1.8 s per statement, more
// than it saved; a month's statements gain nothing from it either. work_mem is left at the
// server's setting (16-128 MB made no difference, docs/report.md "Speed").
const SETTINGS = `set_config('transaction_read_only', 'on', true) AS read_only, set_config('jit', 'off', true) AS jit`;
// Every statement but the lead figures runs without parallel workers: a report runs up to 4
// statements at once, and on 2 cores the others' parallel plans took CPU from the longest one
// (made serial: year totals 1.09 s -> 0.91 s, each month case 13-20 % faster).
const SERIAL = `set_config('max_parallel_workers_per_gather', '0', true) AS parallel_workers`;

/** set_config returns the new values; nothing reads them. */
interface SettingValues {
  read_only: string;
  jit: string;
  parallel_workers: string;
}

// One round trip for all the settings.
const parallel = statement<SettingValues, []>("reportSettings", ["read_only", "jit"], `SELECT ${SETTINGS}`);
const serial = statement<SettingValues, []>(
  "reportSettingsSerial",
  ["read_only", "jit", "parallel_workers"],
  `SELECT ${SETTINGS}, ${SERIAL}`,
);

/**
 * Makes `tx` read-only and without JIT; without parallel workers unless `parallel` (only the
 * lead figures use them). Run first in each of the report's transactions.
 */
export async function applyReportSettings(tx: Tx, o: { parallel: boolean }): Promise<void> {
  await (o.parallel ? parallel : serial).run(tx);
}
