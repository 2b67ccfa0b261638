// `sources.<name>.costPerLead` reaches the report through the real callers: `npx leadops report`
// prices facebook's January leads (it has a visitors input but no spend) at 20 each.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReport } from "../../../src/cli/commands/report.ts";
import { JANUARY_NOW, seedJanuary } from "../../fixtures/reporting/january.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";

describe("cost per lead from leadops.yml in the report", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      kind: "pglite",
      now: () => JANUARY_NOW,
      routes: [],
      rulesYaml: "sources:\n  facebook:\n    costPerLead: 20\n  google:\n    costPerLead: 1\n",
    });
    await seedJanuary(app.db);
  });
  afterAll(() => app.close());

  it("costs a source without spend input at its costPerLead; google's spend input wins", async () => {
    const out: string[] = [];
    await runReport(app.ctx, ["2025-01-01..2025-02-01", "--format=json"], {
      out: (l) => out.push(l),
      err: () => {},
    });
    const report = JSON.parse(out.join("\n"));
    const by = Object.fromEntries(report.sources.map((s: { source: string }) => [s.source, s]));
    expect(by.facebook.leads).toBeGreaterThan(0);
    expect(by.facebook.spend).toBe(20 * by.facebook.leads);
    expect(by.facebook.costPerLead).toBe(20);
    expect(by.google.costPerLead).not.toBe(1);
    expect(by.google.spend).toBeGreaterThan(by.google.leads);
  });
});
