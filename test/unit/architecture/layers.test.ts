// The layer rules of docs/decisions/0001-four-layers.md hold for every file in src/.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile, checkLayers } from "../../../scripts/check-layers.ts";
import { KNOWN_VIOLATIONS } from "./known-violations.ts";

const root = path.resolve(import.meta.dirname, "../../..");

describe("layers", () => {
  const found = checkLayers(root).map((v) => `${v.file}: ${v.rule}`);

  it("no file breaks its layer's rule (beyond the shrinking list of known ones)", () => {
    const fresh = found.filter((v) => !KNOWN_VIOLATIONS.includes(v));
    expect(fresh, "new layer violations: see docs/decisions/0001-four-layers.md").toEqual([]);
  });

  it("the list of known violations holds only files that still break their rule", () => {
    const fixed = KNOWN_VIOLATIONS.filter((v) => !found.includes(v));
    expect(fixed, "fixed: remove these lines from known-violations.ts").toEqual([]);
  });

  it("refuses I/O, the database and other layers in core", () => {
    expect(checkFile("src/core/a.ts", `import pg from "pg";`)).toHaveLength(1);
    expect(checkFile("src/core/a.ts", `import { readFileSync } from "node:fs";`)).toHaveLength(1);
    expect(checkFile("src/core/a.ts", `import { x } from "../store/db.ts";`)[0]?.rule).toBe("core is pure");
    expect(checkFile("src/core/a/b.ts", `import { x } from "../../flows/claim-lead.ts";`)).toHaveLength(1);
    expect(checkFile("src/core/a.ts", `import { Rules } from "../config/rules.ts";`)).toHaveLength(1);
    expect(checkFile("src/core/a.ts", `import type { Rules } from "../config/rules.ts";`)).toEqual([]);
    expect(checkFile("src/core/a/b.ts", `import { z } from "zod";\nimport { c } from "../c.ts";`)).toEqual(
      [],
    );
  });

  it("refuses statements and the Prisma client outside store", () => {
    const statement = `export async function f(tx) {\n  return tx.sql.query("SELECT 1");\n}`;
    expect(checkFile("src/flows/f.ts", statement)[0]?.rule).toBe("only store holds statements");
    expect(checkFile("src/slack/f.ts", `const n = await ctx.db.prisma.lead.count();`)).toHaveLength(1);
    expect(checkFile("src/flows/f.ts", `const sql = tx.sql;\nawait sql.query("SELECT 1");`)).toHaveLength(1);
    expect(checkFile("src/store/leads/f.ts", statement)[0]?.rule).toBe(
      "store statements are declared with statement()",
    );
    const declared = `const s = statement<Row, [string]>("s", ["id"], \`SELECT id FROM "Lead"\`);\nawait s.run(tx, id);`;
    expect(checkFile("src/store/leads/f.ts", declared)).toEqual([]);
  });

  it("refuses a store that decides through flows, and flows that know a transport", () => {
    expect(checkFile("src/store/a/b.ts", `import { f } from "../../flows/claim-lead.ts";`)).toHaveLength(1);
    expect(checkFile("src/flows/f.ts", `import { b } from "../slack/blocks/dm.ts";`)).toHaveLength(1);
    expect(checkFile("src/flows/f.ts", `import { App } from "@slack/bolt";`)).toHaveLength(1);
    expect(checkFile("src/flows/f.ts", `import pg from "pg";`)).toHaveLength(1);
    expect(checkFile("src/flows/f.ts", `import type { Lead } from "../generated/prisma/client.ts";`)).toEqual(
      [],
    );
  });
});
