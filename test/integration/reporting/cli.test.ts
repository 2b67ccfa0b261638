// `leadops report`, `leadops export` and `leadops import-inputs` against a test database.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExport } from "../../../src/cli/commands/export.ts";
import { runImportInputs } from "../../../src/cli/commands/import-inputs.ts";
import { runReport } from "../../../src/cli/commands/report.ts";
import { type CliIo, UsageError } from "../../../src/cli/io.ts";
import { exportLeadsCsv } from "../../../src/flows/export-leads.ts";
import { JANUARY_NOW, seedJanuary } from "../../fixtures/reporting/january.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe.each(DB_KINDS)("reporting CLI on %s", (kind) => {
  let app: TestApp;
  const dir = mkdtempSync(join(tmpdir(), "leadops-cli-"));
  beforeAll(async () => {
    app = await startTestApp({ kind, now: () => JANUARY_NOW, routes: [] });
    await seedJanuary(app.db);
  });
  afterAll(() => app.close());

  it("prints the report as text, JSON or CSV", async () => {
    const text = capture();
    expect(await runReport(app.ctx, ["2025-01-01..2025-02-01", "--by", "source"], text)).toBe(0);
    const out = text.stdout.join("\n");
    expect(out).toContain("2025-01-01 to 2025-01-31 (UTC)");
    expect(out).toContain("Leads 5 · IQL 2 · MQL 4 · SQL 2 · Free trial 2 · Customers 3");
    expect(out).toContain("Cost per lead 850.00");
    expect(out).toContain("*By source*");
    expect(out).not.toMatch(/NaN|null|undefined/);

    const json = capture();
    await runReport(app.ctx, ["2025-01-01..2025-02-01", "--format=json", "--tz", "America/New_York"], json);
    const report = JSON.parse(json.stdout.join("\n"));
    expect(report.period.timeZone).toBe("America/New_York");
    expect(report.totals.leads).toBe(6);

    const csv = capture();
    await runReport(app.ctx, ["2025-01-01..2025-02-01", "--by", "rep", "--format", "csv"], csv);
    const lines = csv.stdout.join("\n").split("\r\n");
    expect(lines).toHaveLength(6); // header, total, Ann, Bob, (none), Cat
    expect(lines[1]).toContain(",(total),5,2,4,2,2,3,4,500,0.8,80,6600,1650,1.67,2750,");
  });

  it("refuses bad arguments with a usage error", async () => {
    await expect(runReport(app.ctx, ["--by", "planet"], capture())).rejects.toBeInstanceOf(UsageError);
    await expect(runReport(app.ctx, ["--format", "xml"], capture())).rejects.toBeInstanceOf(UsageError);
  });

  it("exports the leads created in the period as CSV", async () => {
    const file = join(dir, `leads-${kind}.csv`);
    const io = capture();
    expect(await runExport(app.ctx, ["2025-01-01..2025-02-01", "--out", file], io)).toBe(0);
    expect(io.stderr).toEqual([`5 leads written to ${file}`]);
    const lines = readFileSync(file, "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^id,email,firstName,/);
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual([
      "l1@example.com",
      "l2@example.com",
      "l3@example.com",
      "l5@example.com",
      "l4@example.com",
    ]);
    const stdout = capture();
    await runExport(app.ctx, ["2030-01-01..2030-02-01"], stdout);
    expect(stdout.stdout).toHaveLength(1); // the header only
  });

  it("exports the same rows in the same order whatever the batch size", async () => {
    const period = { from: new Date("2025-01-01T00:00:00Z"), to: new Date("2025-02-01T00:00:00Z") };
    const whole = await exportLeadsCsv({ db: app.db, period });
    expect(await exportLeadsCsv({ db: app.db, period, batchSize: 1 })).toBe(whole);
    expect(await exportLeadsCsv({ db: app.db, period, batchSize: 2 })).toBe(whole);
  });

  it("pages through leads created at the same instant without skipping or repeating one", async () => {
    const createdAt = new Date("2030-03-01T12:00:00Z");
    const emails = ["tie1@example.com", "tie2@example.com", "tie3@example.com"];
    await app.db.prisma.lead.createMany({ data: emails.map((email) => ({ email, createdAt })) });
    const period = { from: new Date("2030-03-01T00:00:00Z"), to: new Date("2030-03-02T00:00:00Z") };
    const whole = await exportLeadsCsv({ db: app.db, period });
    const ids = whole
      .trimEnd()
      .split("\r\n")
      .slice(1)
      .map((l) => l.split(",")[0]);
    expect(ids).toHaveLength(3);
    expect([...ids].sort()).toEqual(ids);
    expect(await exportLeadsCsv({ db: app.db, period, batchSize: 1 })).toBe(whole);
  });

  it("the in-memory export for Slack refuses past its size limit and points to the CLI", async () => {
    const period = { from: new Date("2025-01-01T00:00:00Z"), to: new Date("2025-02-01T00:00:00Z") };
    const whole = await exportLeadsCsv({ db: app.db, period });
    expect(whole.trimEnd().split("\r\n")).toHaveLength(6);
    await expect(exportLeadsCsv({ db: app.db, period, maxBytes: whole.length - 1 })).rejects.toThrow(
      /too large to send through Slack: run `npx leadops export`/,
    );
    expect(await exportLeadsCsv({ db: app.db, period, maxBytes: whole.length })).toBe(whole);
  });

  it("imports inputs from CSV, idempotently, and refuses a file with bad rows", async () => {
    const file = join(dir, `inputs-${kind}.csv`);
    writeFileSync(
      file,
      "source,period_start,period_end,spend,currency,visitors\n" +
        "bing,2025-01-01,2025-01-31,120.50,usd,300\n" +
        "bing,2025-02-01,2025-02-28,,,250\n",
    );
    const first = capture();
    expect(await runImportInputs(app.ctx, [file], first)).toBe(0);
    expect(first.stdout).toEqual(["2 rows: 2 created, 0 updated, 0 unchanged."]);
    const again = capture();
    expect(await runImportInputs(app.ctx, [file], again)).toBe(0);
    expect(again.stdout).toEqual(["2 rows: 0 created, 0 updated, 2 unchanged."]);
    const row = await app.db.prisma.sourceInput.findFirstOrThrow({
      where: { source: "bing", visitors: 300 },
    });
    expect([Number(row.spend), row.currency]).toEqual([120.5, "USD"]);

    const bad = join(dir, `bad-${kind}.csv`);
    writeFileSync(
      bad,
      "source,period_start,period_end,spend,currency,visitors\n" +
        "yahoo,2025-01-01,2025-01-31,10,USD,5\n" +
        "yahoo,2025-01-01,2025-01-31,lots,USD,5\n" +
        ",2025-01-01,2025-01-31,1,USD,\n" +
        "yahoo,2025-03-01,2025-02-01,1,USD,\n",
    );
    const io = capture();
    expect(await runImportInputs(app.ctx, [bad], io)).toBe(1);
    expect(io.stderr.join("\n")).toContain(`${bad}:3: spend:`);
    expect(io.stderr.join("\n")).toContain(`${bad}:4: source:`);
    expect(io.stderr.join("\n")).toContain(`${bad}:5: period_end: must not be before periodStart`);
    expect(await app.db.prisma.sourceInput.count({ where: { source: "yahoo" } })).toBe(0);
  });
});
