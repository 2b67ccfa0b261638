// Driver adapter for the Prisma CLI (migrate, db push) against a PostgreSQL server.
// Only the CLI uses this file; the app's client is in client.ts.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const CHAR_OID = 18;
const NAME_OID = 19;
const TEXT_OID = 25;

// Prisma issue 27403: the WebAssembly schema engine fails on result columns of type `name`
// (oid 19), and likewise `"char"` (oid 18), which migrate's catalog queries return. Reporting
// them as text fixes it. The adapter calls `pool.query` (outside transactions), so the pool is patched.
class CatalogTypesAsTextPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query overloads cannot be expressed in an override
  override query(...args: any[]): any {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const result = (super.query as any)(...args);
    if (result && typeof result.then === "function") {
      return result.then((res: pg.QueryResult) => {
        for (const field of res.fields ?? []) {
          if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
        }
        return res;
      });
    }
    return result;
  }
}

export function cliPgAdapter(url: string): PrismaPg {
  return new PrismaPg(new CatalogTypesAsTextPool({ connectionString: url, max: 2 }));
}
