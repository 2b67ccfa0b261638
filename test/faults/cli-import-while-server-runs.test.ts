// Fault suite: "CLI import while the server runs". Issue 15 saw `npx leadops import` (and
// `report`), run next to `npm start` on the default embedded database, open the same PGlite folder,
// report rows the server never saw, and leave a folder PGlite could not open again (`Aborted()`).
// Now the CLI finds the folder held by a live process and goes through the server's HTTP API. The
// real server runs as its own process on a fresh folder; the import (with a report beside it) runs
// as another; then the server is stopped and started again on the same folder.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listEmails, runCliProcess } from "../helpers/cli-process.ts";
import { type AppProcess, startAppProcess } from "../helpers/process.ts";

const TOKEN = "fault-cli-token";
const ROWS = 2000;
// A first start makes the database (initdb): slow on a loaded machine.
const START_MS = 150_000;

describe("CLI import while the server runs", () => {
  const dir = mkdtempSync(join(tmpdir(), "leadops-fault-cli-"));
  const dataDir = join(dir, "data");
  const serverEnv = {
    LEADOPS_DATA_DIR: dataDir,
    LEADOPS_CONFIG: join(dir, "absent.yml"),
    LEADOPS_API_TOKEN: TOKEN,
  };
  const csv = join(dir, "leads.csv");
  const rows = Array.from({ length: ROWS }, (_, i) => `cli${i}@fault${i % 13}.example,Fault ${i % 13},CTO`);
  writeFileSync(csv, `Email,Company,Job Title\n${rows.join("\n")}\n`);
  let server: AppProcess | undefined;
  afterAll(async () => {
    await server?.kill();
  });

  it("imports every row once through the server, which then stops and opens again cleanly", async () => {
    server = await startAppProcess(serverEnv, START_MS);
    const cliEnv = { ...serverEnv, PORT: new URL(server.url).port };

    const started = Date.now();
    const [imported, report] = await Promise.all([
      runCliProcess(["import", csv, "--batch", "250"], cliEnv),
      runCliProcess(["report", "2020-01-01..2030-01-01"], cliEnv),
    ]);
    const importSeconds = (Date.now() - started) / 1000;
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toBe(`${ROWS} rows: ${ROWS} created, 0 updated, 0 unchanged, 0 invalid\n`);
    expect(imported.code).toBe(0);
    expect(report.code).toBe(0);
    const stored = await listEmails(server.url, TOKEN);
    expect(stored).toHaveLength(ROWS);
    expect(new Set(stored).size).toBe(ROWS);

    const stopCode = await server.kill("SIGTERM");
    server = undefined;
    expect(stopCode).toBe(0);
    expect(existsSync(join(dataDir, "leadops.lock"))).toBe(false);

    const restartedAt = Date.now();
    server = await startAppProcess(serverEnv, START_MS);
    const restartSeconds = (Date.now() - restartedAt) / 1000;
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    const after = await listEmails(server.url, TOKEN);
    expect(new Set(after)).toEqual(new Set(stored));
    const again = await runCliProcess(["import", csv], { ...serverEnv, PORT: new URL(server.url).port });
    expect(again.stdout).toBe(`${ROWS} rows: 0 created, 0 updated, ${ROWS} unchanged, 0 invalid\n`);

    console.log(
      `[faults] cli import while the server runs: ${ROWS} rows over HTTP in ${importSeconds.toFixed(1)} s (report beside it, exit ${report.code}); stored ${stored.length}, distinct ${new Set(stored).size}; server stopped with exit ${stopCode}, lock released; restarted in ${restartSeconds.toFixed(1)} s, /readyz ${ready.status}, rows after restart ${after.length}; imported again: 0 created, ${ROWS} unchanged`,
    );
  }, 600_000);
});
