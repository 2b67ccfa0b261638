// Fault suite: SIGKILL the server in the middle of a burst of webhook leads, restart it, and
// check that every acknowledged lead is stored exactly once and that retrying the rest (as a
// sender does) completes the set without duplicates.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { sign } from "../../src/intake/signatures.ts";
import { createPgDatabase } from "../helpers/db.ts";
import { startAppProcess } from "../helpers/process.ts";

const SECRET = "fault-secret";
const TOTAL = 2000;
const CONCURRENCY = 16;

async function postLead(url: string, email: string): Promise<number> {
  const body = JSON.stringify({ email, company: "Acme", source: "fault-suite" });
  const res = await fetch(`${url}/webhooks/leads`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...sign.leadops(SECRET, body, Math.floor(Date.now() / 1000)),
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Sends every email; `killAfter` acknowledged requests, kills the server. Returns the acknowledged. */
async function burst(
  url: string,
  emails: string[],
  killAfter: number,
  kill: () => void,
): Promise<Set<string>> {
  const acknowledged = new Set<string>();
  let next = 0;
  let killed = false;
  async function worker() {
    while (next < emails.length) {
      const email = emails[next++]!;
      try {
        const status = await postLead(url, email);
        if (status === 200 || status === 201) acknowledged.add(email);
      } catch {
        // Connection refused or reset: not acknowledged, the sender will retry it.
      }
      if (!killed && acknowledged.size >= killAfter) {
        killed = true;
        kill();
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return acknowledged;
}

const emails = Array.from({ length: TOTAL }, (_, i) => `fault${i}@acme.io`);

describe("SIGKILL during a burst of webhook leads", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it.each(["postgres", "pglite"] as const)(
    "on %s: every acknowledged lead is stored exactly once",
    async (kind) => {
      const configDir = mkdtempSync(join(tmpdir(), "leadops-fault-config-"));
      const config = join(configDir, "leadops.yml");
      // The burst is far above the default per-source limit (600/min); this suite is about
      // crashes, not rate limits.
      writeFileSync(config, "sources:\n  webhook: { rateLimitPerMinute: 1000000 }\n");
      let env: Record<string, string> = { LEADOPS_WEBHOOK_SECRET: SECRET, LEADOPS_CONFIG: config };
      let count: (emails: string[]) => Promise<{ leads: number; distinct: number }>;
      if (kind === "postgres") {
        const database = await createPgDatabase();
        cleanups.push(() => database.drop());
        env = { ...env, DATABASE_URL: database.url };
        count = async (list) => {
          const client = new pg.Client({ connectionString: database.url });
          await client.connect();
          try {
            const { rows } = await client.query(
              'SELECT count(*)::int AS leads, count(DISTINCT email)::int AS distinct FROM "Lead" WHERE email = ANY($1)',
              [list],
            );
            return rows[0];
          } finally {
            await client.end();
          }
        };
      } else {
        const dir = mkdtempSync(join(tmpdir(), "leadops-fault-"));
        env = { ...env, LEADOPS_DATA_DIR: dir };
        // PGlite allows one process: count through a short-lived app instance's own database.
        count = async (list) => {
          const { PGlite } = await import("@electric-sql/pglite");
          const lite = await PGlite.create(dir);
          try {
            const { rows } = await lite.query<{ leads: number; distinct: number }>(
              'SELECT count(*)::int AS leads, count(DISTINCT email)::int AS distinct FROM "Lead" WHERE email = ANY($1)',
              [list],
            );
            return rows[0]!;
          } finally {
            await lite.close();
          }
        };
      }

      const first = await startAppProcess(env);
      const acknowledged = await burst(first.url, emails, TOTAL / 3, () => void first.kill("SIGKILL"));
      await first.kill("SIGKILL");
      expect(acknowledged.size).toBeGreaterThanOrEqual(TOTAL / 3);
      expect(acknowledged.size).toBeLessThan(TOTAL);

      const ackList = [...acknowledged];
      const afterCrash = await count(ackList);
      expect(afterCrash).toEqual({ leads: ackList.length, distinct: ackList.length });

      // The sender retries what was not acknowledged; the server comes back on the same data.
      const second = await startAppProcess(env);
      const retried = await burst(
        second.url,
        emails.filter((e) => !acknowledged.has(e)),
        Number.POSITIVE_INFINITY,
        () => {},
      );
      await second.kill("SIGTERM");
      expect(retried.size).toBe(TOTAL - acknowledged.size);
      expect(await count(emails)).toEqual({ leads: TOTAL, distinct: TOTAL });
    },
    240_000,
  );
});
