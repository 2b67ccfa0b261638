// Compares the report of this tree with the report of another revision on the same database,
// for several periods, time zones and groupings: a rewrite of the report's SQL for speed must
// give the same figures. Prints each difference and a count; exits 1 when any differ.
//
//   npx tsx bench/report/compare.ts --against 9d06324 \
//     --database postgres://postgres@127.0.0.1:5432/leadops_bench_report_1000000_10000000
//   options: --periods 2025-06-01..2025-07-01,2025-01-01..2026-01-01 (report periods),
//            --zones UTC,Asia/Kathmandu, --now 2026-01-15T00:00:00Z ("now" of both reports),
//            --skip freeTrial (figures whose definition changed between the two revisions)
//
// The other revision's build-report.ts is written next to this tree's (so its relative imports
// resolve against this tree's modules) and removed afterwards. Also checks, in this tree's
// report, that the free trials are the leads whose first trial started in the period.
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { parsePeriod } from "../../src/core/reporting/period.ts";
import type { Report, ReportDimension } from "../../src/core/reporting/types.ts";
import { buildReport } from "../../src/flows/build-report.ts";
import { openDatabase } from "../../src/store/db.ts";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const against = arg("against");
const databaseUrl = arg("database");
if (!against || !databaseUrl) {
  console.error("usage: npx tsx bench/report/compare.ts --against <revision> --database <postgres url>");
  process.exit(2);
}
const periods = (
  arg("periods") ??
  "2025-06-01..2025-07-01,2025-04-01..2025-07-01,2025-01-01..2026-01-01,2025-03-30..2025-03-31"
).split(",");
const zones = (arg("zones") ?? "UTC,America/New_York,Asia/Kathmandu").split(",");
const now = new Date(arg("now") ?? "2026-01-15T00:00:00Z");
const skip = new Set((arg("skip") ?? "").split(",").filter(Boolean));
const groupings: (ReportDimension | null)[] = [null, "rep", "source", "segment"];

const otherPath = new URL(`../../src/flows/.build-report-at-${against}.ts`, import.meta.url);
writeFileSync(
  otherPath,
  execFileSync("git", ["show", `${against}:src/flows/build-report.ts`], { encoding: "utf8" }),
);
const db = await openDatabase({ databaseUrl, poolSize: 8 });
let compared = 0;
let differences = 0;
try {
  const other = (await import(otherPath.href)) as { buildReport: typeof buildReport };
  for (const text of periods) {
    for (const timeZone of zones) {
      for (const by of groupings) {
        const period = parsePeriod(text, { timeZone, now });
        const mine = await buildReport({ db, period, by, now });
        const theirs = await other.buildReport({ db, period, by, now });
        compared++;
        const a = withoutSkipped(mine);
        const b = withoutSkipped(theirs);
        if (!isDeepStrictEqual(a, b)) {
          differences++;
          console.log(`differs: ${text} ${timeZone} by ${by ?? "-"}`);
          printFirstLines(a, b);
        }
        const [row] = await db.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "Lead" WHERE "trialStartedAt" >= $1::timestamp AND "trialStartedAt" < $2::timestamp`,
          [period.from.toISOString(), period.to.toISOString()],
        );
        const n = row?.n ?? 0;
        if (mine.totals.freeTrial !== n) {
          differences++;
          console.log(`free trials ${mine.totals.freeTrial}, first trial starts ${n}: ${text} ${timeZone}`);
        }
      }
    }
  }
} finally {
  rmSync(otherPath, { force: true });
  await db.close();
}
console.log(`${compared} reports compared with ${against}, ${differences} differences`);
process.exit(differences > 0 ? 1 : 0);

function withoutSkipped(report: Report): Report {
  const copy = structuredClone(report);
  for (const metrics of [copy.totals, ...copy.groups.map((g) => g.metrics)]) {
    for (const name of skip) delete (metrics as unknown as Record<string, unknown>)[name];
  }
  return copy;
}

function printFirstLines(a: Report, b: Report): void {
  const left = JSON.stringify(a, null, 1).split("\n");
  const right = JSON.stringify(b, null, 1).split("\n");
  let shown = 0;
  for (let i = 0; i < Math.max(left.length, right.length) && shown < 10; i++) {
    if (left[i] === right[i]) continue;
    console.log(`  line ${i}: this tree ${left[i]?.trim()} | ${against} ${right[i]?.trim()}`);
    shown++;
  }
}
