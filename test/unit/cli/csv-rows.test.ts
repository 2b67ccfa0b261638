// `leadops export` prints the same rows whether the CSV came in database batches or cut anywhere
// by the network: a CRLF ends a row only outside quotes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvRows } from "../../../src/cli/csv-rows.ts";
import { csvLine } from "../../../src/core/reporting/csv.ts";

async function rowsOf(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const rows of csvRows(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(...rows);
  return out;
}

describe("csvRows", () => {
  it("keeps a quoted line break in its row, whatever the cuts", async () => {
    const text = `id,note\r\n1,"two\r\nlines"\r\n2,"a ""quote"""\r\n`;
    const expected = ["id,note", '1,"two\r\nlines"', '2,"a ""quote"""'];
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await rowsOf([text.slice(0, cut), text.slice(cut)])).toEqual(expected);
    }
    expect(await rowsOf([...text])).toEqual(expected);
  });

  it("gives back the rows csvLine wrote, for any cells and any chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.string({ unit: fc.constantFrom("a", ",", '"', "\r", "\n", " ") }), { minLength: 1 }),
          {
            maxLength: 8,
          },
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (cells, cuts) => {
          const lines = cells.map((row) => csvLine(row));
          const text = lines.map((l) => `${l}\r\n`).join("");
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length));
          expect(await rowsOf(chunks)).toEqual(lines);
        },
      ),
      { numRuns: 200 },
    );
  });
});
