// For tests that interleave transactions on the PostgreSQL server: wait until a given number of
// the test database's backends are blocked on a lock, so the next step happens at a known point
// (a transaction that must wait is seen waiting before the one it waits for commits).
import pg from "pg";

/** Resolves once at least `count` backends of the database at `url` wait for a lock. */
export async function waitForLockWaiters(url: string, count = 1, timeoutMs = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if ((rows[0]?.n ?? 0) >= count) return;
      if (Date.now() > until) throw new Error(`timed out waiting for ${count} backend(s) to wait for a lock`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await client.end();
  }
}

/** A promise and what settles it: a transaction awaits one while the test decides when it goes on. */
export function signal(): { promise: Promise<void>; fire: () => void } {
  let fire: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}
