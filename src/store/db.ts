// The only PrismaClient: embedded PGlite by default, a PostgreSQL server with DATABASE_URL.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client.ts";
import { initDataDir, lockDataDir } from "./data-dir.ts";
import {
  pglitePlainTransaction,
  pgPlainTransaction,
  type TransactionOptions,
  type Tx,
  thenAfterCommit,
} from "./sql.ts";

export type { Tx } from "./sql.ts";
export type Db = PrismaClient;

/** Runs plain SQL (several statements, no parameters) outside Prisma: migrations and tests. */
export interface SqlRunner {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  sql: SqlRunner;
  /**
   * A statement run on `sql` outside a transaction commits on its own, so `fn` runs at once. (A
   * store function taking a `Tx` may be handed the database itself.)
   */
  afterCommit(fn: () => void): void;
  /**
   * Runs `fn` on one dedicated connection holding a session advisory lock, waiting for the lock
   * (PGlite is one process: no lock needed). Used by migrations, which must not take a second
   * connection from the pool while holding the first.
   */
  withLockedConnection<T>(key: number, fn: (sql: SqlRunner) => Promise<T>): Promise<T>;
  /** A plain driver transaction: `tx.sql` only. Runs `fn` once. */
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs `fn` only if this instance gets the advisory lock (jobs: one instance per tick). */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** An already-open PGlite (tests copy a migrated one instead of migrating again). */
  pglite?: PGlite;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  if (options.pglite) return openPglite(options.pglite);
  const dir = options.dataDir ?? "./data";
  const lock = lockDataDir(dir);
  try {
    await initDataDir(dir, async (path) => (await PGlite.create(path)).close());
    const db = openPglite(await PGlite.create(dir));
    const close = db.close;
    return { ...db, close: () => close().finally(() => lock.release()) };
  } catch (err) {
    lock.release();
    throw err;
  }
}

function openPglite(pglite: PGlite): Database {
  // The adapter is typed against an older @prisma/driver-adapter-utils; the runtime protocol
  // is unchanged, only the declarations differ.
  const adapter = new PrismaPGlite(pglite) as unknown as PrismaPg;
  const prisma = new PrismaClient({ adapter });
  const plain = pglitePlainTransaction(pglite);
  return {
    prisma,
    kind: "pglite",
    afterCommit: (fn) => fn(),
    transaction: (fn) => thenAfterCommit((afterCommit) => plain((sql) => fn({ sql, afterCommit }))),
    sql: {
      async exec(text) {
        await pglite.exec(text);
      },
      async query<T>(text: string, params: unknown[] = []) {
        return (await pglite.query<T>(text, params)).rows;
      },
    },
    async withAdvisoryLock(_key, fn) {
      return fn();
    },
    async withLockedConnection(_key, fn) {
      return fn(this.sql);
    },
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its server (a restart) must not crash the process; the pool drops it.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const plain = pgPlainTransaction(pool);
  return {
    prisma,
    kind: "postgres",
    afterCommit: (fn) => fn(),
    transaction: (fn) => thenAfterCommit((afterCommit) => plain((sql) => fn({ sql, afterCommit }))),
    sql: {
      async exec(text) {
        await pool.query(text);
      },
      async query<T>(text: string, params: unknown[] = []) {
        return (await pool.query(text, params)).rows as T[];
      },
    },
    async withAdvisoryLock(key, fn) {
      const client = await pool.connect();
      try {
        const { rows } = await client.query("SELECT pg_try_advisory_lock($1) AS ok", [key]);
        if (!rows[0]?.ok) return undefined;
        try {
          return await fn();
        } finally {
          await client.query("SELECT pg_advisory_unlock($1)", [key]);
        }
      } finally {
        client.release();
      }
    },
    async withLockedConnection(key, fn) {
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [key]);
        try {
          return await fn({
            async exec(text) {
              await client.query(text);
            },
            async query<T>(text: string, params: unknown[] = []) {
              return (await client.query(text, params)).rows as T[];
            },
          });
        } finally {
          await client.query("SELECT pg_advisory_unlock($1)", [key]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
