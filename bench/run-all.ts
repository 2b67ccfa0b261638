// `npm run bench`: runs every benchmark one after another (never in parallel: they would
// measure each other) and lets each print its own figures. Extra arguments go to every bench,
// e.g. `npm run bench -- --quick`.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";

const BENCHES = [
  "bench/scoring.ts",
  "bench/routing.ts",
  "bench/db/statement-cost.ts",
  "bench/rescore.ts",
  "bench/intake/leads.ts",
  "bench/intake/import.ts",
  "bench/slack/claim.ts",
  "bench/slack/bolt-dispatch.ts",
  "bench/report/run.ts",
  "bench/load/run.ts",
];

console.log(
  `LeadOps benchmarks on ${os.cpus()[0]?.model ?? "unknown CPU"} (${os.cpus().length} cores), node ${process.version}`,
);
let failed = 0;
for (const file of BENCHES) {
  if (!existsSync(file)) continue;
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", file, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
