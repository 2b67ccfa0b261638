// Every SQL statement of store/ is declared once, at module level, with `statement()` (or
// `statementFor()` when its text depends on a count), so that one test can check all of them
// against the migrated schema (test/integration/db/statements.test.ts: each is described by
// PostgreSQL, which fails on an unknown table, column or type, and its result columns are compared
// with the ones it declares). See docs/decisions/0002-data-access.md.
import type { Sql } from "./sql.ts";

interface Declared {
  name: string;
  text: string;
  /** The result columns the row type names, in order; empty for statements that return nothing. */
  columns: readonly string[];
}

const declared: Declared[] = [];

/** Every statement declared so far (the modules that declare them must have been imported). */
export function declaredStatements(): readonly Declared[] {
  return declared;
}

export interface Statement<Row, Params extends unknown[]> {
  readonly name: string;
  readonly text: string;
  run(tx: { sql: Sql }, ...params: Params): Promise<Row[]>;
}

/**
 * A statement with `$1`-style parameters whose rows have the named `columns` (the keys of `Row`,
 * in the order the statement returns them). `Row` is best picked from the generated Prisma model
 * types (`Pick<Lead, "id" | "stage">`), so a renamed column fails the type check as well.
 */
export function statement<Row = Record<string, never>, Params extends unknown[] = unknown[]>(
  name: string,
  columns: readonly (keyof Row & string)[],
  text: string,
): Statement<Row, Params> {
  declared.push({ name, text, columns });
  return {
    name,
    text,
    run: (tx, ...params) => tx.sql.query<Row>(text, params),
  };
}

/**
 * A statement whose text is built for `n` items (a multi-row VALUES list, an IN list of arrays):
 * `build(n)` gives the text; `build(1)` is declared for the schema test.
 */
export function statementFor<Row = Record<string, never>>(
  name: string,
  columns: readonly (keyof Row & string)[],
  build: (n: number) => string,
): { run(tx: { sql: Sql }, n: number, params: unknown[]): Promise<Row[]> } {
  declared.push({ name, text: build(1), columns });
  const cache = new Map<number, string>();
  return {
    run(tx, n, params) {
      let text = cache.get(n);
      if (text === undefined) {
        text = build(n);
        if (cache.size < 64) cache.set(n, text);
      }
      return tx.sql.query<Row>(text, params);
    },
  };
}
