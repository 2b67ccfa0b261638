// Every statement declared in src/store (store/statement.ts) is valid against the migrated schema:
// PostgreSQL describes it (an unknown table, column, function or type fails here, not in
// production), and it returns exactly the columns its row type names.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredStatements } from "../../../src/store/statement.ts";
import { createPglite } from "../../helpers/db.ts";

const storeDir = path.resolve(import.meta.dirname, "../../../src/store");
const modules = (function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith(".ts") ? [path.join(dir, d.name)] : [],
  );
})(storeDir);

describe("store statements against the migrated schema", () => {
  let pglite: PGlite;
  beforeAll(async () => {
    for (const m of modules) await import(m);
    pglite = await createPglite();
  });
  afterAll(() => pglite.close());

  it("are declared (the store modules were loaded)", () => {
    expect(declaredStatements().length).toBeGreaterThan(0);
  });

  it("each is described by PostgreSQL and returns the columns it declares", async () => {
    const problems: string[] = [];
    for (const s of declaredStatements()) {
      try {
        const d = await pglite.describeQuery(s.text);
        const returned = d.resultFields.map((f) => f.name);
        if (JSON.stringify(returned) !== JSON.stringify(s.columns)) {
          problems.push(`${s.name}: returns [${returned.join(", ")}], declares [${s.columns.join(", ")}]`);
        }
      } catch (err) {
        problems.push(`${s.name}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
