// Fault suite (c): the PostgreSQL server stops under load and starts again. Webhook leads keep
// coming and /readyz is polled throughout. Expected: /readyz says 503 while the server is down
// and 200 after; every lead acknowledged with 2xx is in the database afterwards; the only 5xx
// is 503 with Retry-After; the process never exits. PostgreSQL is started again in `finally`,
// whatever happens, since every other suite on this machine needs it.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createPgDatabase } from "../helpers/db.ts";
import { type AppProcess, startAppProcess } from "../helpers/process.ts";
import { leakedLines, query, sleep, WEBHOOK_SECRET, waitFor, writeRules } from "./support.ts";

const VERSION = readdirSync("/etc/postgresql")[0] ?? "15";
/** How long the server stays down. */
const DOWN_MS = 6_000;
const CONCURRENCY = 6;

function pgctl(action: "start" | "stop"): void {
  const args = [
    "--skip-systemctl-redirect",
    VERSION,
    "main",
    action,
    ...(action === "stop" ? ["-m", "fast"] : []),
  ];
  execFileSync("pg_ctlcluster", args, { stdio: "pipe" });
}

function pgIsReady(): boolean {
  try {
    execFileSync("pg_isready", ["-h", "127.0.0.1", "-p", "5432", "-q"]);
    return true;
  } catch {
    return false;
  }
}

async function ensurePostgresUp(): Promise<void> {
  if (pgIsReady()) return;
  try {
    pgctl("start");
  } catch {
    // Already starting; wait below.
  }
  await waitFor(() => pgIsReady(), 30_000, 200);
}

interface Answer {
  email: string;
  status: number | "network";
  retryAfter: string | null;
  phase: "before" | "down" | "after";
}

describe("PostgreSQL stopped and started under load", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    await ensurePostgresUp();
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  it("reconnects; /readyz 503 during, 200 after; every acknowledged lead stored; only 503s with Retry-After", async () => {
    const database = await createPgDatabase();
    cleanups.push(() => database.drop());
    const app: AppProcess = await startAppProcess({
      LEADOPS_WEBHOOK_SECRET: WEBHOOK_SECRET,
      LEADOPS_CONFIG: writeRules(),
      DATABASE_URL: database.url,
      LOG_LEVEL: "debug",
    });
    cleanups.push(() => app.kill("SIGKILL"));

    let phase: Answer["phase"] = "before";
    let running = true;
    let n = 0;
    const answers: Answer[] = [];
    const readyz: { phase: Answer["phase"]; status: number | "network" | "timeout" }[] = [];

    async function sender() {
      while (running) {
        const email = `pgrestart${n++}@acme.io`;
        const at = phase;
        try {
          const body = JSON.stringify({ email, name: "Restart Person", company: "Acme" });
          const { sign } = await import("../../src/intake/signatures.ts");
          const res = await fetch(`${app.url}/webhooks/leads`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              ...sign.leadops(WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)),
            },
            body,
            signal: AbortSignal.timeout(15_000),
          });
          await res.arrayBuffer();
          answers.push({ email, status: res.status, retryAfter: res.headers.get("retry-after"), phase: at });
        } catch {
          answers.push({ email, status: "network", retryAfter: null, phase: at });
        }
        if (at === "down") await sleep(50);
      }
    }
    async function poller() {
      while (running) {
        const at = phase;
        try {
          const res = await fetch(`${app.url}/readyz`, { signal: AbortSignal.timeout(3_000) });
          await res.arrayBuffer();
          readyz.push({ phase: at, status: res.status });
        } catch (err) {
          readyz.push({ phase: at, status: (err as Error).name === "TimeoutError" ? "timeout" : "network" });
        }
        await sleep(200);
      }
    }

    const load = [...Array.from({ length: CONCURRENCY }, sender), poller()];
    let readyAgainMs = Number.NaN;
    try {
      await sleep(3_000);
      phase = "down";
      // Should this process die before `finally` (a crash in the runner), start it on exit too.
      process.once("exit", () => {
        if (!pgIsReady()) pgctl("start");
      });
      pgctl("stop");
      const stoppedAt = Date.now();
      await sleep(DOWN_MS);
      pgctl("start");
      await waitFor(() => pgIsReady(), 30_000, 100);
      phase = "after";
      const startedAt = Date.now();
      // Ready again, then a few more seconds of load on the reconnected pool.
      await waitFor(() => readyz.at(-1)?.status === 200, 30_000, 100);
      readyAgainMs = Date.now() - startedAt;
      await sleep(3_000);
      console.log(`[faults] postgres down for ${((startedAt - stoppedAt) / 1000).toFixed(1)}s`);
    } finally {
      running = false;
      await ensurePostgresUp();
      await Promise.all(load);
    }
    const alive = app.child.exitCode === null && app.child.signalCode === null;
    await app.kill("SIGTERM");

    const tally = (phaseName: Answer["phase"]) => {
      const t: Record<string, number> = {};
      for (const a of answers.filter((x) => x.phase === phaseName)) t[a.status] = (t[a.status] ?? 0) + 1;
      return t;
    };
    const readyTally = (phaseName: Answer["phase"]) => {
      const t: Record<string, number> = {};
      for (const r of readyz.filter((x) => x.phase === phaseName)) t[r.status] = (t[r.status] ?? 0) + 1;
      return t;
    };
    const acked = answers.filter((a) => a.status === 200 || a.status === 201).map((a) => a.email);
    const stored = await query<{ email: string }>(
      database.url,
      'SELECT email FROM "Lead" WHERE email = ANY($1)',
      [acked],
    );
    console.log(
      `[faults] postgres restart: webhooks before ${JSON.stringify(tally("before"))}, down ${JSON.stringify(tally("down"))}, ` +
        `after ${JSON.stringify(tally("after"))}; /readyz before ${JSON.stringify(readyTally("before"))}, down ${JSON.stringify(readyTally("down"))}, ` +
        `after ${JSON.stringify(readyTally("after"))}; ready ${(readyAgainMs / 1000).toFixed(1)}s after PostgreSQL was back; ` +
        `acknowledged ${acked.length}, stored ${stored.length}; process alive ${alive}`,
    );

    expect(alive).toBe(true);
    expect(stored.length).toBe(acked.length);
    const fiveXx = answers.filter((a) => typeof a.status === "number" && a.status >= 500);
    expect(fiveXx.filter((a) => a.status !== 503 || !a.retryAfter)).toEqual([]);
    expect(answers.filter((a) => typeof a.status === "number" && a.status >= 400 && a.status < 500)).toEqual(
      [],
    );
    expect(answers.filter((a) => a.phase === "down" && a.status === 503).length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.phase === "after" && a.status === 201).length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === "network")).toEqual([]);
    expect(readyz.filter((r) => r.phase === "before").every((r) => r.status === 200)).toBe(true);
    expect(readyz.filter((r) => r.phase === "down" && r.status === 503).length).toBeGreaterThan(0);
    expect(readyz.filter((r) => r.phase === "down").every((r) => r.status === 503 || r.status === 200)).toBe(
      true,
    );
    expect(readyz.at(-1)?.status).toBe(200);
    expect(
      leakedLines(
        app.lines,
        answers.map((a) => a.email),
      ),
    ).toEqual([]);
  }, 120_000);
});
