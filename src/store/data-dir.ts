// The embedded database's folder: one process at a time, and a clear refusal for a folder that is
// not ours. PGlite has no lock of its own; two processes writing one folder corrupt it (the second
// one's WAL replays over the first's pages), so a lock file is taken before PGlite opens it.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join, resolve } from "node:path";

/** A start that cannot use the data folder; the message names the variable and what to do. */
export class DataDirError extends Error {
  override name = "DataDirError";
}

const LOCK_FILE = "leadops.lock";
// initdb refuses a folder that is not empty, and the lock file is already in it: a new database is
// made in this subfolder, then moved up (PostgreSQL's data folder holds only relative paths).
const INIT_DIR = ".initdb";

export interface DataDirLock {
  release(): void;
}

/** Checks the folder can hold an embedded database and takes its lock; throws DataDirError. */
export function lockDataDir(dir: string): DataDirLock {
  const path = resolve(dir);
  prepareFolder(path);
  const lockPath = join(path, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(lockPath, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw unwritable(path, err);
      const holder = lockHolder(lockPath);
      if (holder !== null && isAlive(holder)) {
        throw new DataDirError(
          `The embedded database in ${path} is in use by process ${holder}. One process at a time may open it: stop that process first (the server's HTTP API stays available while it runs), or set DATABASE_URL so several processes share a PostgreSQL server.`,
        );
      }
      // The holder is gone (a crash or kill -9): its lock is stale.
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirError(`Could not take the lock ${lockPath}; another process keeps taking it.`);
}

/**
 * The pid of the live process holding the folder's lock, or null when no process holds it (no
 * lock, or one left by a process that is gone). The CLI asks this to choose between opening the
 * folder itself and going through the running server's HTTP API.
 */
export function dataDirHolder(dir: string): number | null {
  const pid = lockHolder(join(resolve(dir), LOCK_FILE));
  return pid !== null && isAlive(pid) ? pid : null;
}

function prepareFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw unwritable(path, err);
  }
  const entries = readdirSync(path).filter((e) => e !== LOCK_FILE && e !== INIT_DIR);
  // PG_VERSION is in every PostgreSQL data folder, PGlite's included.
  if (entries.length > 0 && !existsSync(join(path, "PG_VERSION"))) {
    throw new DataDirError(
      `LEADOPS_DATA_DIR=${path} holds files but no database (no PG_VERSION). Point LEADOPS_DATA_DIR at an empty folder or at an existing LeadOps data folder; nothing in ${path} was changed.`,
    );
  }
}

function unwritable(path: string, err: unknown): DataDirError {
  return new DataDirError(
    `LEADOPS_DATA_DIR=${path} cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)}). Give this user write access to the folder, or point LEADOPS_DATA_DIR elsewhere.`,
  );
}

function lockHolder(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Makes a new database in a locked folder that has none yet (`create` runs initdb in the folder it
 * is given and closes it). A subfolder left by an interrupted first start is made again.
 */
export async function initDataDir(dir: string, create: (path: string) => Promise<void>): Promise<void> {
  const path = resolve(dir);
  if (existsSync(join(path, "PG_VERSION"))) return;
  const init = join(path, INIT_DIR);
  rmSync(init, { recursive: true, force: true });
  await create(init);
  // PG_VERSION last: a crash part-way leaves a folder that is made again at the next start.
  const entries = readdirSync(init).filter((e) => e !== "PG_VERSION");
  for (const entry of [...entries, "PG_VERSION"]) renameSync(join(init, entry), join(path, entry));
  rmSync(init, { recursive: true, force: true });
}
