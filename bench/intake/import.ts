// `leadops import` on a large CSV, as a user runs it: the CLI as a child process against a
// scratch database on the PostgreSQL server. Prints rows/s for the first import and for the same
// file again (every row "unchanged"), and the importer's peak RSS, which shows whether the file
// is streamed (it stays flat as the file grows) or loaded whole.
// `npx tsx bench/intake/import.ts [--rows 100000]`
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const ROWS = Number(arg("--rows") ?? 100_000);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const root = path.resolve(import.meta.dirname, "../..");

function writeCsv(file: string): void {
  const lines = ["Email,First Name,Last Name,Company,Job Title,Employees,Country,Interests"];
  for (let i = 0; i < ROWS; i++) {
    lines.push(
      `import-${i}@company-${i % 997}.example,Ann,Lee ${i},Company ${i % 997},${i % 3 === 0 ? "CTO" : "Engineer"},${10 + (i % 900)},DE,pricing;demo`,
    );
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

/** Runs the CLI import; returns seconds, exit code, peak RSS (MB) and the summary line. */
function runImport(file: string, databaseUrl: string) {
  return new Promise<{ seconds: number; code: number | null; peakMb: number; summary: string }>(
    (resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "import", file], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "error" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
      });
      child.stderr.on("data", (c: Buffer) => {
        out += c.toString();
      });
      let peakKb = 0;
      const sample = setInterval(() => {
        try {
          const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
          if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
        } catch {
          // Ended between two samples.
        }
      }, 200);
      child.on("error", reject);
      child.on("exit", (code) => {
        clearInterval(sample);
        const summary =
          out
            .trim()
            .split("\n")
            .filter((l) => !l.startsWith("npm warn"))
            .at(-1) ?? "";
        resolve({ seconds: (performance.now() - started) / 1000, code, peakMb: peakKb / 1024, summary });
      });
    },
  );
}

const name = `leadops_bench_import_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const dir = mkdtempSync(path.join(os.tmpdir(), "leadops-import-"));
try {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const file = path.join(dir, "leads.csv");
  writeCsv(file);
  console.log(
    `import: ${ROWS} rows (${(statSync(file).size / 1e6).toFixed(1)} MB CSV) into PostgreSQL, CLI as a child process; load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const migrate = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "migrate"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: "ignore",
  });
  await new Promise((r) => migrate.on("exit", r));
  for (const label of ["first import", "same file again"]) {
    const r = await runImport(file, url.toString());
    console.log(
      `${label.padEnd(16)} ${r.seconds.toFixed(1)} s  ${(ROWS / r.seconds).toFixed(0)} rows/s  peak RSS ${r.peakMb.toFixed(0)} MB  exit ${r.code}  | ${r.summary}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
