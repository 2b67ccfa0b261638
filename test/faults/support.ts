// Shared pieces of the fault suites: a rules file that makes chosen leads hot, signed webhook
// posts, a worker pool that sends a list of leads, database counts, and a scan of log lines for
// personal data.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { sign } from "../../src/intake/signatures.ts";

export const WEBHOOK_SECRET = "fault-secret";
export const SLACK_ENV = {
  SLACK_BOT_TOKEN: "xoxb-fault-suite-token",
  SLACK_SIGNING_SECRET: "fault-signing-secret",
};
export const HOT_CHANNEL = "C0FAULTHOT";
export const HOT_TITLE = "VP Hot";

/**
 * A rules file: a lead titled {@link HOT_TITLE} scores 50 and is hot (threshold 40), everything
 * else scores 0 and stays cold; hot leads are posted to {@link HOT_CHANNEL} and wait an hour for
 * a claim (no expiry during a test); no per-source rate limit.
 */
export function writeRules(extra = ""): string {
  const dir = mkdtempSync(join(tmpdir(), "leadops-fault-config-"));
  const file = join(dir, "leadops.yml");
  writeFileSync(
    file,
    `channels: { hot: ${HOT_CHANNEL} }
reps:
  - { slackId: U0FAULT01, name: Rep One }
  - { slackId: U0FAULT02, name: Rep Two }
scoring:
  thresholds: { warm: 20, hot: 40 }
  fit:
    - { id: hot_marker, when: { field: title, op: eq, value: "${HOT_TITLE}" }, points: 50 }
routing:
  claimWindowMinutes: 60
sources:
  webhook: { rateLimitPerMinute: 100000000 }
${extra}`,
  );
  return file;
}

export interface LeadBody {
  email: string;
  [key: string]: unknown;
}

/** Posts one signed lead; resolves with the status (throws on a connection error). */
export async function postLead(url: string, lead: LeadBody): Promise<number> {
  const body = JSON.stringify(lead);
  const res = await fetch(`${url}/webhooks/leads`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...sign.leadops(WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000)),
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

export interface BurstResult {
  acknowledged: Set<string>;
  /** Status → count, and "network" for connection errors. */
  statuses: Map<string, number>;
}

/**
 * Sends every lead with `concurrency` workers. `after(acknowledgedCount)` runs after each answer
 * (a test kills the server from there). `url` is read each time, so a restarted server is used.
 */
export async function burst(
  url: () => string,
  leads: LeadBody[],
  options: { concurrency?: number; after?: (acked: number) => void; stop?: () => boolean } = {},
): Promise<BurstResult> {
  const acknowledged = new Set<string>();
  const statuses = new Map<string, number>();
  let next = 0;
  const bump = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
  async function worker() {
    while (next < leads.length && !options.stop?.()) {
      const lead = leads[next++] as LeadBody;
      try {
        const status = await postLead(url(), lead);
        bump(String(status));
        if (status === 200 || status === 201) acknowledged.add(lead.email);
      } catch {
        // Connection refused or reset: not acknowledged, the sender will retry it.
        bump("network");
      }
      options.after?.(acknowledged.size);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
  return { acknowledged, statuses };
}

/** One query on the database, with a short-lived connection. */
export async function query<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 250) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Log lines holding any of the given secrets (emails, phones, tokens, names), or anything shaped
 * like an email address or a Slack token.
 */
export function leakedLines(lines: string[], needles: string[]): string[] {
  const lowered = needles.filter((n) => n.length > 0).map((n) => n.toLowerCase());
  return lines.filter((line) => {
    const l = line.toLowerCase();
    if (lowered.some((n) => l.includes(n))) return true;
    if (/[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/i.test(line)) return true;
    return /xox[abpr]-[a-z0-9-]+/i.test(line);
  });
}
