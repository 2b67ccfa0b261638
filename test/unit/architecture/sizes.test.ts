// No file in src/ over 400 lines and no function over 80, beyond the named exceptions.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSizes, checkSource } from "../../../scripts/check-sizes.ts";
import { SIZE_EXCEPTIONS } from "./size-exceptions.ts";

const root = path.resolve(import.meta.dirname, "../../..");

describe("sizes", () => {
  const found = checkSizes(root).map((b) => b.where);

  it("no file over 400 lines and no function over 80 beyond the named exceptions", () => {
    const fresh = checkSizes(root).filter((b) => !(b.where in SIZE_EXCEPTIONS));
    expect(fresh, "split these, or name them with a reason in size-exceptions.ts").toEqual([]);
  });

  it("names only exceptions that still breach", () => {
    expect(Object.keys(SIZE_EXCEPTIONS).filter((w) => !found.includes(w))).toEqual([]);
  });

  it("measures files and functions", () => {
    const long = (n: number) => Array.from({ length: n }, (_, i) => `  const a${i} = ${i};`).join("\n");
    expect(checkSource("src/a.ts", `export function f() {\n${long(78)}\n}\n`)).toEqual([]);
    expect(checkSource("src/a.ts", `export function f() {\n${long(78)}\n  return 1;\n}\n`)).toEqual([
      { where: "src/a.ts#f", lines: 81 },
    ]);
    expect(checkSource("src/a.ts", `const g = () => {\n${long(90)}\n};\n`)[0]?.where).toBe("src/a.ts#g");
    expect(checkSource("src/b.ts", `${long(401)}\n`)).toEqual([{ where: "src/b.ts", lines: 401 }]);
  });
});
