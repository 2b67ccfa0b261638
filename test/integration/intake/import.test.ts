import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMap, runImport } from "../../../src/cli/commands/import.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const dir = mkdtempSync(join(tmpdir(), "leadops-import-"));

function csv(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const LEADS = `\uFEFFE-mail,First Name,Last Name,Company Name,Job Title,Employees,Interests,Opt-in,Signup Date,Favourite Colour
ada@analytical.example,Ada,Lovelace,Analytical Engines,CTO,12,"pricing; api",yes,2025-01-02,green
"GRACE@Navy.example ",Grace,Hopper,US Navy,Rear Admiral,5000,,no,2025-01-03,blue
not-an-email,Bad,Row,Nowhere,,lots,,maybe,last tuesday,red
linus@gmail.com,Linus,,,,,,,,
`;

describe.each(DB_KINDS)("leadops import on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind });
  });
  afterAll(() => app.close());

  it("dry run reports what would happen and stores nothing", async () => {
    const file = csv(`dry-${kind}.csv`, LEADS);
    const { io, out, err } = capture();
    const code = await runImport(io, { ctx: app.ctx, file, dryRun: true, source: "import" });
    expect(code).toBe(1);
    expect(out.at(-1)).toBe(
      "4 rows: 3 to create, 0 to update, 0 unchanged, 1 invalid (dry run: nothing was stored)",
    );
    expect(err.length).toBeGreaterThan(0);
    expect(await app.db.prisma.lead.count()).toBe(0);
  });

  it("imports with auto-mapped headers and a per-row error report, then re-imports as unchanged", async () => {
    const file = csv(`leads-${kind}.csv`, LEADS);
    const first = capture();
    expect(await runImport(first.io, { ctx: app.ctx, file, source: "import", batchSize: 2 })).toBe(1);
    expect(first.out.at(-1)).toBe("4 rows: 3 created, 0 updated, 0 unchanged, 1 invalid");
    // Row 4 of the sheet (header = row 1) names each bad field and its column.
    expect(first.err).toEqual(
      expect.arrayContaining([
        'row 4, email ("E-mail"): must be an email address',
        expect.stringMatching(/^row 4, companySize \("Employees"\): /),
        expect.stringMatching(/^row 4, consent \("Opt-in"\): /),
        expect.stringMatching(/^row 4, occurredAt \("Signup Date"\): /),
      ]),
    );
    const ada = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: "ada@analytical.example" } });
    expect(ada).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      company: "Analytical Engines",
      title: "CTO",
      companySize: 12,
      interests: ["pricing", "api"],
      consent: true,
      source: "import",
      domain: "analytical.example",
      attributes: { "Favourite Colour": "green" },
    });
    expect(ada.occurredAt?.toISOString()).toBe("2025-01-02T00:00:00.000Z");
    const grace = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: "grace@navy.example" } });
    expect(grace.consent).toBe(false);
    const audits = await app.db.prisma.auditLog.count({ where: { actor: "cli" } });

    const second = capture();
    await runImport(second.io, { ctx: app.ctx, file, source: "import" });
    expect(second.out.at(-1)).toBe("4 rows: 0 created, 0 updated, 3 unchanged, 1 invalid");
    expect(await app.db.prisma.lead.count()).toBe(3);
    expect(await app.db.prisma.auditLog.count({ where: { actor: "cli" } })).toBe(audits);
  });

  it("--map overrides the header mapping; a later file updates fields and keeps the rest", async () => {
    const file = csv(
      `mapped-${kind}.csv`,
      "Contact,Org,Internal Notes,Role\nada@analytical.example,Analytical Engines Ltd,call back,CEO\n",
    );
    const { io, out } = capture();
    const map = parseMap("Contact=email,Org=company,Internal Notes=,Role=attributes.role");
    expect(await runImport(io, { ctx: app.ctx, file, map, source: "import" })).toBe(0);
    expect(out.at(-1)).toBe("1 rows: 0 created, 1 updated, 0 unchanged, 0 invalid");
    const ada = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: "ada@analytical.example" } });
    expect(ada).toMatchObject({ company: "Analytical Engines Ltd", title: "CTO", firstName: "Ada" });
    expect(ada.attributes).toEqual({ "Favourite Colour": "green", role: "CEO" });
  });

  it("refuses a map target that is not a lead field", () => {
    expect(() => parseMap("Org=organisation")).toThrow(/not a lead field/);
  });
});
