// Plain SQL on the database driver, for the hot paths (intake, refresh, routing, claims).
//
// Why: every statement sent through Prisma — `$queryRaw` included — passes its query
// compiler/interpreter: 0.52 ms of CPU each on this machine against 0.16 ms sent by `pg`
// directly, and a transaction around one statement 0.91 ms against 0.27 ms on the driver
// (`npx tsx bench/db/statement-cost.ts`; the effect on intake is in docs/benchmarks.md). Code on those paths writes
// `sqlFor(tx).query(text, params)` and works in any transaction:
// - `db.transaction(fn)` (plainFirst): a transaction on the driver, no Prisma at all. If `fn`
//   still reaches for a Prisma model query it is rolled back and run again in a Prisma one.
// - `transaction(prisma, fn)`: a Prisma interactive transaction whose statements from `sqlFor`
//   still go straight to its connection. Both driver adapters (PrismaPg, PrismaPGlite) hand
//   Prisma a Transaction object whose public `client` is the driver's connection (a pg
//   PoolClient, or PGlite's transaction); the adapter factory is wrapped so `startTransaction`
//   records that client in an AsyncLocalStorage slot.
// - any other Prisma transaction: `sqlFor` falls back to `$queryRawUnsafe`: slower, never wrong.
import { AsyncLocalStorage } from "node:async_hooks";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { PrismaClient } from "../generated/prisma/client.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** A statement runner bound to one transaction. `$1`-style parameters. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

interface DriverClient {
  query(text: unknown, params?: unknown[], options?: unknown): Promise<{ rows: unknown[] }>;
}

const opening = new AsyncLocalStorage<{ client?: DriverClient }>();
const byTransaction = new WeakMap<Tx, Sql>();

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

/** Wraps a Prisma driver adapter factory so transactions expose their connection (see top). */
export function exposeTransactionClient<F extends { connect(): Promise<unknown> }>(factory: F): F {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = (await connect()) as { startTransaction(...args: unknown[]): Promise<unknown> };
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args: unknown[]) => {
      const transaction = (await start(...args)) as { client?: DriverClient };
      const slot = opening.getStore();
      if (slot && !slot.client && typeof transaction.client?.query === "function") {
        slot.client = transaction.client;
      }
      return transaction;
    };
    return adapter;
  };
  return factory;
}

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
}

/** `prisma.$transaction`, with `sqlFor(tx)` running plain SQL on its connection. */
export function transaction<T>(
  prisma: PrismaClient,
  fn: (tx: Tx) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  const slot: { client?: DriverClient } = {};
  return opening.run(slot, () =>
    prisma.$transaction(async (tx) => {
      if (slot.client) byTransaction.set(tx, runnerFor(slot.client));
      return fn(tx);
    }, options),
  );
}

/** Thrown when code inside a plain transaction reaches for Prisma (see plainFirst). */
class NeedsPrisma extends Error {
  constructor(what: string) {
    super(`${what} needs a Prisma transaction`);
  }
}

/** Opens a plain transaction on the driver, runs `fn(sql)`, commits; rolls back on a throw. */
export type PlainTransaction = <T>(fn: (sql: Sql) => Promise<T>) => Promise<T>;

/**
 * Runs `fn` in a plain driver transaction, with no Prisma at all, whose `tx` only answers
 * `sqlFor(tx)`. If `fn` touches anything else on `tx` (a model query: routing a lead that became
 * sales-ready), that transaction is rolled back and `fn` runs again inside `prisma.$transaction`.
 * Prisma's transaction bookkeeping costs more CPU than a small transaction's statements, and
 * most batches never need it. `fn` must not have effects outside the database (it may run twice).
 */
export async function plainFirst<T>(
  plain: PlainTransaction,
  prisma: PrismaClient,
  fn: (tx: Tx) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  try {
    return await plain((sql) => {
      const tx = new Proxy({} as Tx, {
        get(_target, key) {
          throw new NeedsPrisma(String(key));
        },
      });
      byTransaction.set(tx, sql);
      return fn(tx);
    });
  } catch (err) {
    if (!(err instanceof NeedsPrisma)) throw err;
    return transaction(prisma, fn, options);
  }
}

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

/** The plain-SQL runner of a transaction opened by `transaction()`, else a Prisma fallback. */
export function sqlFor(tx: Tx): Sql {
  return (
    byTransaction.get(tx) ?? {
      query: <T>(text: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...params),
    }
  );
}
