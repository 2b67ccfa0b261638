// While a server holds the embedded database, the CLI's operational commands go through its HTTP
// API (issue 15): before, each was refused (or, before the lock, corrupted the folder). Every
// command runs as its own process next to the real server process, and its output is compared
// with the same command run directly once the server has stopped.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closedPort, listEmails, runCliProcess } from "../../helpers/cli-process.ts";
import { type AppProcess, startAppProcess } from "../../helpers/process.ts";

const TOKEN = "cli-over-http-token";
const ROWS = 300;
const PERIOD = "2020-01-01..2030-01-01";
// A first start makes the database (initdb): slow on a loaded machine.
const START_MS = 150_000;

describe("the CLI while a server holds the embedded database", () => {
  const dir = mkdtempSync(join(tmpdir(), "leadops-cli-http-"));
  const config = join(dir, "absent.yml");
  const csv = join(dir, "leads.csv");
  const lines = ["Email,Company,Signup Date"];
  for (let i = 0; i < ROWS; i++) lines.push(`person${i}@acme${i % 7}.example,Acme ${i % 7},2025-03-01`);
  lines.push("not-an-email,Nowhere,2025-03-01");
  writeFileSync(csv, `${lines.join("\n")}\n`);
  writeFileSync(join(dir, "forget.csv"), "Email,Company\nforget-me@gone.example,Gone\n");
  const inputs = join(dir, "inputs.csv");
  writeFileSync(
    inputs,
    "source,period_start,period_end,spend,currency,visitors\nimport,2025-03-01,2025-03-31,120.50,usd,300\nbing,2025-03-01,2025-03-31,,,250\n",
  );
  let server: AppProcess | undefined;
  afterAll(async () => {
    await server?.kill();
  });

  it("imports, forgets, reports, exports and rescores over HTTP, with the output the direct path prints", async () => {
    const dataDir = join(dir, "data");
    server = await startAppProcess(
      { LEADOPS_DATA_DIR: dataDir, LEADOPS_CONFIG: config, LEADOPS_API_TOKEN: TOKEN },
      START_MS,
    );
    const env = { LEADOPS_DATA_DIR: dataDir, LEADOPS_CONFIG: config, LEADOPS_API_TOKEN: TOKEN };
    const held = { ...env, PORT: new URL(server.url).port };

    const imported = await runCliProcess(["import", csv], held);
    expect(imported.stdout).toBe(`${ROWS + 1} rows: ${ROWS} created, 0 updated, 0 unchanged, 1 invalid\n`);
    expect(imported.stderr).toBe(`row ${ROWS + 2}, email ("Email"): must be an email address\n`);
    expect(imported.code).toBe(1);
    const emails = await listEmails(server.url, TOKEN);
    expect(emails).toHaveLength(ROWS);
    expect(new Set(emails).size).toBe(ROWS);

    expect((await runCliProcess(["import", join(dir, "forget.csv")], held)).code).toBe(0);
    const forgot = await runCliProcess(["forget", "forget-me@gone.example"], held);
    expect(forgot.stdout).toMatch(
      /^Erased the personal data of lead [0-9a-f-]{36}; the erasure is in the audit log\.\n$/,
    );
    const again = await runCliProcess(["forget", "nobody@gone.example"], held);
    expect([again.code, again.stderr]).toEqual([1, "No lead has that email address\n"]);

    const spent = await runCliProcess(["import-inputs", inputs], held);
    expect([spent.code, spent.stdout]).toEqual([0, "2 rows: 2 created, 0 updated, 0 unchanged.\n"]);
    // --url names the server whatever PORT says.
    const report = await runCliProcess(["report", PERIOD, "--by", "source", "--url", server.url], {
      ...held,
      PORT: String(await closedPort()),
    });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(`Leads ${ROWS + 1}`);
    const exported = await runCliProcess(["export", PERIOD], held);
    // The header and every imported lead (a forgotten lead is not exported), each once.
    const exportedEmails = exported.stdout
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[1]);
    expect(exportedEmails.sort()).toEqual([...emails].sort());
    const out = join(dir, "export.csv");
    const toFile = await runCliProcess(["export", PERIOD, "--out", out], held);
    expect(toFile.stderr).toBe(`${ROWS} leads written to ${out}\n`);
    const rescored = await runCliProcess(["rescore", "--all", "--batch", "100"], held);
    const [, count, hash] = /^Rescored (\d+) leads with rules (\S+)\.\n$/.exec(rescored.stdout) ?? [];
    expect(Number(count)).toBeGreaterThanOrEqual(ROWS);
    expect(rescored.stderr.split("\n").at(-2)).toBe(`  ${count} leads rescored…`);

    expect(await server.kill("SIGTERM")).toBe(0);
    server = undefined;
    const direct = await runCliProcess(["report", PERIOD, "--by", "source"], {
      ...env,
      PORT: String(await closedPort()),
    });
    expect(direct.stdout).toBe(report.stdout);
    expect((await runCliProcess(["export", PERIOD], env)).stdout).toBe(exported.stdout);
    expect(readFileSync(out, "utf8")).toBe(exported.stdout.replaceAll("\n", "\r\n"));
    expect((await runCliProcess(["rescore"], env)).stdout).toBe(`Rescored 0 leads with rules ${hash}.\n`);
    expect((await runCliProcess(["import-inputs", inputs], env)).stdout).toBe(
      "2 rows: 0 created, 0 updated, 2 unchanged.\n",
    );
  }, 480_000);

  it("says in one line that LEADOPS_API_TOKEN is missing or wrong, and changes nothing", async () => {
    const dataDir = join(dir, "data-token");
    server = await startAppProcess(
      { LEADOPS_DATA_DIR: dataDir, LEADOPS_CONFIG: config, LEADOPS_API_TOKEN: TOKEN },
      START_MS,
    );
    const held = { LEADOPS_DATA_DIR: dataDir, LEADOPS_CONFIG: config, PORT: new URL(server.url).port };

    const wrong = await runCliProcess(["import", csv], { ...held, LEADOPS_API_TOKEN: "not-the-token" });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr).toMatch(
      /^LEADOPS_API_TOKEN was refused by the LeadOps server at http:\/\/127\.0\.0\.1:\d+ \(process \d+, which holds .*\): set LEADOPS_API_TOKEN to the token the server runs with\.\n$/,
    );
    const missing = await runCliProcess(["report"], held);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/^LEADOPS_API_TOKEN is not set: /);
    expect(await listEmails(server.url, TOKEN)).toEqual([]);
  }, 300_000);
});
