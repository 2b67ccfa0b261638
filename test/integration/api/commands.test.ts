// The routes the CLI uses while a server holds the database (docs/decisions/0016): POST /api/import,
// GET /api/export, POST /api/leads/forget, POST /api/rescore, on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerApiRoutes } from "../../../src/api/routes.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const TOKEN = "test-api-token-commands";
const auth = { authorization: `Bearer ${TOKEN}` };
const lines = (body: string) =>
  body
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe.each(DB_KINDS)("CLI command routes on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind, env: { LEADOPS_API_TOKEN: TOKEN }, routes: [registerApiRoutes] });
  });
  afterAll(() => app.close());

  const importCsv = (query: string, csv: string, headers: Record<string, string> = auth) =>
    app.server.inject({
      method: "POST",
      url: `/api/import?${query}`,
      headers: { ...headers, "content-type": "text/csv" },
      payload: csv,
    });

  it.each([
    ["POST", "/api/import"],
    ["GET", "/api/export"],
    ["POST", "/api/leads/forget"],
    ["POST", "/api/rescore"],
  ])("refuses %s %s without the bearer token", async (method, url) => {
    const res = await app.server.inject({ method: method as "GET", url });
    expect(res.statusCode).toBe(401);
  });

  it("imports a CSV body larger than the 1 MiB JSON limit, streaming each problem and the summary", async () => {
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `big${i}@bulk.example,Bulk Company Number ${i},${"x".repeat(150)}`,
    );
    const csv = `Email,Company,Notes\n${rows.join("\n")}\nnot-an-email,Nobody,\n`;
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const res = await importCsv("batch=1000&source=bulk", csv);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/x-ndjson");
    const got = lines(res.body);
    expect(got.filter((l) => "progress" in l).map((l) => l.progress)).toEqual([
      1000, 2000, 3000, 4000, 5000, 6000,
    ]);
    expect(got.find((l) => "error" in l)?.error).toMatchObject({
      row: 6002,
      field: "email",
      column: "Email",
    });
    expect(got.at(-1)).toEqual({
      result: { rows: 6001, created: 6000, updated: 0, unchanged: 0, invalid: 1, errors: 1 },
    });
    expect(await app.db.prisma.lead.count({ where: { source: "bulk" } })).toBe(6000);
    expect(await app.db.prisma.auditLog.count({ where: { actor: "api" } })).toBeGreaterThan(0);
  }, 120_000);

  it("refuses a bad --map with 400 and a file without an email column in the stream", async () => {
    const bad = await importCsv(`map=${encodeURIComponent("Org=organisation")}`, "Org\nAcme\n");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/not a lead field/);
    const noEmail = lines((await importCsv("", "Org\nAcme\n")).body);
    expect(noEmail.at(-1)).toEqual({
      failure: {
        code: "invalid_input",
        name: "CsvMappingError",
        message: expect.stringMatching(/^No column maps to email/),
      },
    });
  });

  it("exports CSV, forgets a lead, and rescores with progress", async () => {
    await importCsv("", "Email,Company\nada@forget.example,Analytical\ngrace@keep.example,Navy\n");
    const exported = await app.server.inject({
      method: "GET",
      url: "/api/export?from=2000-01-01&to=2100-01-01",
      headers: auth,
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers["content-type"]).toContain("text/csv");
    expect(exported.body).toMatch(/^id,email,/);
    expect(exported.body).toContain(",grace@keep.example,");

    const forget = (email: string) =>
      app.server.inject({
        method: "POST",
        url: "/api/leads/forget",
        headers: { ...auth, "content-type": "application/json" },
        payload: JSON.stringify({ email }),
      });
    const forgotten = await forget("ADA@forget.example");
    expect(forgotten.statusCode).toBe(200);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: forgotten.json().leadId } });
    expect(lead.forgottenAt).not.toBeNull();
    const missing = await forget("nobody@forget.example");
    expect([missing.statusCode, missing.json().error.message]).toEqual([
      404,
      "No lead has that email address",
    ]);

    const rescore = await app.server.inject({
      method: "POST",
      url: "/api/rescore",
      headers: { ...auth, "content-type": "application/json" },
      payload: JSON.stringify({ all: true, batch: 5000 }),
    });
    const got = lines(rescore.body);
    const result = got.at(-1)?.result as { rescored: number; rulesHash: string };
    expect(result.rulesHash).toBe(app.ctx.rulesHash);
    expect(result.rescored).toBeGreaterThan(6000);
    expect(got.filter((l) => "progress" in l).at(-1)?.progress).toBe(result.rescored);
  }, 120_000);
});
