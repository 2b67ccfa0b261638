// Fault suite (b): the Slack Web API answers 429 (with Retry-After) and 500, in turn, for an
// outage, then recovers. Leads keep arriving during the outage: every webhook answers 201 at
// once (intake never waits on Slack), and once Slack is back every hot lead is posted exactly
// once, none lost, none failed.
//
// The outage lasts OUTAGE_SECONDS: 30 s by default (CI), at least 20 s. The full two minutes:
//   LEADOPS_FAULT_OUTAGE_SECONDS=120 npx vitest run test/faults/slack-outage.test.ts
import { afterAll, describe, expect, it } from "vitest";
import { createPgDatabase } from "../helpers/db.ts";
import { FaultySlack, hotPostsByLead } from "../helpers/fake-slack.ts";
import { type AppProcess, startAppProcess } from "../helpers/process.ts";
import {
  HOT_CHANNEL,
  HOT_TITLE,
  leakedLines,
  postLead,
  query,
  SLACK_ENV,
  sleep,
  WEBHOOK_SECRET,
  waitFor,
  writeRules,
} from "./support.ts";

const OUTAGE_SECONDS = Math.max(20, Number(process.env.LEADOPS_FAULT_OUTAGE_SECONDS ?? 30));
/** Leads per second sent during the outage; every third one is hot. */
const RATE = 3;
/** After the outage, how long delivery may take: the last backoff before recovery can be as long as the outage. */
const RECOVERY_MS = Math.max(90_000, 2.5 * OUTAGE_SECONDS * 1000);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

describe(`Slack answers 429 and 500 for ${OUTAGE_SECONDS} s, then recovers (PostgreSQL)`, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  it(
    "intake keeps answering 201; afterwards every hot lead is posted exactly once",
    async () => {
      const database = await createPgDatabase();
      cleanups.push(() => database.drop());
      const slack = await new FaultySlack().start();
      cleanups.push(() => slack.stop());
      const app: AppProcess = await startAppProcess({
        ...SLACK_ENV,
        SLACK_API_URL: slack.apiUrl,
        LEADOPS_WEBHOOK_SECRET: WEBHOOK_SECRET,
        LEADOPS_CONFIG: writeRules(),
        DATABASE_URL: database.url,
        LOG_LEVEL: "debug",
      });
      cleanups.push(() => app.kill("SIGKILL"));

      slack.outage(OUTAGE_SECONDS * 1000);
      const started = Date.now();
      const statuses = new Map<number, number>();
      const latencies: number[] = [];
      const emails: string[] = [];
      const sends: Promise<void>[] = [];
      let i = 0;
      // Paced sends for the whole outage; each is awaited at the end, not in turn, so a slow
      // answer would show as latency rather than slow the pace down.
      while (slack.inOutage) {
        const n = i++;
        const email = `outage${n}@acme.io`;
        emails.push(email);
        sends.push(
          (async () => {
            const t = performance.now();
            const status = await postLead(app.url, {
              email,
              name: `Outage Person ${n}`,
              phone: "+1 415 555 0199",
              company: "Acme",
              title: n % 3 === 0 ? HOT_TITLE : "Analyst",
            });
            latencies.push(performance.now() - t);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          })(),
        );
        await sleep(1000 / RATE);
      }
      await Promise.all(sends);
      const outageEnded = Date.now();
      latencies.sort((a, b) => a - b);
      const hotCount = emails.filter((_, n) => n % 3 === 0).length;
      const refusedDuringOutage = { ...slack.refused };
      const deliveredDuringOutage = hotPostsByLead(slack, HOT_CHANNEL).size;

      const hotSent = async () => {
        const [row] = await query<{ n: number }>(
          database.url,
          `SELECT count(*)::int AS n FROM "OutboxMessage" WHERE kind = 'hot_lead_post' AND status = 'sent'`,
        );
        return row?.n === hotCount;
      };
      const settled = await waitFor(hotSent, RECOVERY_MS);
      const recoveredIn = (Date.now() - outageEnded) / 1000;
      // Then the rest of the queue (thread replies go one a second in the hot channel, slower for
      // a minute after a 429; each hot lead has two: the routing note and its score receipt,
      // which is never merged since it is edited in place, decision 0015).
      const drained = await waitFor(
        async () => {
          const [row] = await query<{ n: number }>(
            database.url,
            `SELECT count(*)::int AS n FROM "OutboxMessage" WHERE status IN ('pending', 'sending')`,
          );
          return row?.n === 0;
        },
        RECOVERY_MS + hotCount * 1_000,
      );
      const drainedIn = (Date.now() - outageEnded) / 1000;
      await app.kill("SIGTERM");

      const outbox = await query<{ kind: string; status: string; n: number }>(
        database.url,
        `SELECT kind, status, count(*)::int AS n FROM "OutboxMessage" GROUP BY kind, status ORDER BY kind, status`,
      );
      // Every chat.postMessage Slack took is the one recorded in the outbox: a message sent twice
      // would be a second ts that no row holds.
      const [stamps] = await query<{ n: number }>(
        database.url,
        `SELECT count(DISTINCT result->>'ts')::int AS n FROM "OutboxMessage" WHERE status = 'sent' AND result->>'ts' IS NOT NULL`,
      );
      const postCalls = slack.callsTo("chat.postMessage").length;
      const hotIds = await query<{ id: string }>(
        database.url,
        'SELECT id::text AS id FROM "Lead" WHERE title = $1',
        [HOT_TITLE],
      );
      const posted = hotPostsByLead(slack, HOT_CHANNEL);
      console.log(
        `[faults] slack outage ${OUTAGE_SECONDS}s: leads sent ${emails.length} (${hotCount} hot) over ${((outageEnded - started) / 1000).toFixed(0)}s, ` +
          `statuses ${JSON.stringify(Object.fromEntries(statuses))}, intake p50 ${quantile(latencies, 0.5).toFixed(0)} ms p99 ${quantile(latencies, 0.99).toFixed(0)} ms max ${(latencies.at(-1) ?? 0).toFixed(0)} ms, ` +
          `Slack refused ${refusedDuringOutage[429]}x429 + ${refusedDuringOutage[500]}x500, delivered during outage ${deliveredDuringOutage}, ` +
          `hot posts all delivered ${recoveredIn.toFixed(1)}s after recovery, whole outbox ${drainedIn.toFixed(1)}s, chat.postMessage ${postCalls} (distinct ts in outbox ${stamps?.n}), messages in the hot channel ${slack.callsTo("chat.postMessage").filter((c) => c.body.channel === HOT_CHANNEL).length}, ` +
          `outbox ${JSON.stringify(outbox)}`,
      );

      expect(app.child.exitCode === 0 || app.child.signalCode === "SIGTERM").toBe(true);
      expect([...statuses.keys()]).toEqual([201]);
      expect(refusedDuringOutage[429]).toBeGreaterThan(0);
      expect(refusedDuringOutage[500]).toBeGreaterThan(0);
      expect(deliveredDuringOutage).toBe(0);
      expect(settled).toBe(true);
      expect(hotIds).toHaveLength(hotCount);
      expect(hotIds.filter((h) => posted.get(h.id) !== 1)).toEqual([]);
      expect(posted.size).toBe(hotCount);
      expect(drained).toBe(true);
      expect(outbox.filter((r) => r.status === "failed")).toEqual([]);
      expect(stamps?.n).toBe(postCalls);
      expect(leakedLines(app.lines, [...emails, SLACK_ENV.SLACK_BOT_TOKEN, "415 555 0199"])).toEqual([]);
    },
    60_000 + OUTAGE_SECONDS * 1000 + RECOVERY_MS,
  );
});
