// How store reaches the database (docs/decisions/0002-data-access.md): hand-written SQL on the
// driver's connection. `db.transaction(fn)` is a transaction on the driver, no Prisma at all; `tx`
// has only `sql` (and `afterCommit`), and `fn` runs once.
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** A statement runner bound to one transaction. `$1`-style parameters. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

interface DriverClient {
  query(text: unknown, params?: unknown[], options?: unknown): Promise<{ rows: unknown[] }>;
}

const TIMESTAMP = 1114;
/**
 * A `timestamp` as PostgreSQL prints it (also inside JSON, with a `T`): these columns hold UTC
 * wall time, so it is read as UTC whatever the process's time zone.
 */
export function parseUtcTimestamp(s: string): Date {
  const iso = s.replace(" ", "T");
  return new Date(iso.endsWith("Z") || /[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}
const pgTypes = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP ? parseUtcTimestamp : pg.types.getTypeParser(oid, format),
};

function runnerFor(client: DriverClient): Sql {
  // pg's PoolClient and PGlite's transaction take different option shapes; only pg's has `release`.
  const isPg = "release" in (client as object);
  return {
    async query<T>(text: string, params: unknown[] = []) {
      const result = isPg
        ? await client.query({ text, values: params, types: pgTypes })
        : await client.query(text, params, { parsers: { [TIMESTAMP]: parseUtcTimestamp } });
      return result.rows as T[];
    },
  };
}

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
}

/** A plain transaction on the driver: SQL only (see docs/decisions/0002-data-access.md). */
export interface Tx {
  readonly sql: Sql;
  /**
   * Runs `fn` once the transaction has committed, never when it rolls back: for what must not
   * count a change that did not happen (a metric).
   */
  afterCommit(fn: () => void): void;
}

/** Runs `open` with an `afterCommit` to hand its Tx, then, once it has resolved, the callbacks. */
export async function thenAfterCommit<T>(
  open: (afterCommit: (fn: () => void) => void) => Promise<T>,
): Promise<T> {
  const callbacks: (() => void)[] = [];
  const result = await open((fn) => {
    callbacks.push(fn);
  });
  for (const fn of callbacks) fn();
  return result;
}

/** Opens a plain transaction on the driver, runs `fn(sql)`, commits; rolls back on a throw. */
export type PlainTransaction = <T>(fn: (sql: Sql) => Promise<T>) => Promise<T>;

export function pgPlainTransaction(pool: pg.Pool): PlainTransaction {
  return async (fn) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await fn(runnerFor(client as unknown as DriverClient));
      await client.query("COMMIT");
      return result;
    } catch (err) {
      // A connection that cannot even roll back is dropped from the pool, not reused.
      await client.query("ROLLBACK").catch((e: Error) => {
        broken = e;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  };
}

export function pglitePlainTransaction(pglite: PGlite): PlainTransaction {
  // PGlite's transaction() commits when the callback resolves and rolls back when it throws;
  // it queues behind Prisma's transactions on the same instance.
  return (fn) => pglite.transaction((t) => fn(runnerFor(t as unknown as DriverClient)));
}
