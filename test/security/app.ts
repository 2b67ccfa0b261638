// The whole app as an attacker meets it: every webhook source configured with a secret, Slack in
// HTTP mode against a fake Web API, every log line captured. Requests are signed with the same
// signers senders use, so a test can send valid, forged, missing and replayed signatures.
import { Writable } from "node:stream";
import type { LightMyRequestResponse } from "fastify";
import { boot, type Running } from "../../src/boot.ts";
import { parseEnv } from "../../src/config/env.ts";
import { parseRules } from "../../src/config/rules.ts";
import { sign } from "../../src/intake/signatures.ts";
import { createLogger } from "../../src/observability/logger.ts";
import { runOutboxOnce } from "../../src/slack/outbox/run-outbox-once.ts";
import type { Database } from "../../src/store/db.ts";
import { HOT_CHANNEL } from "../fixtures/slack/payloads.ts";
import { createTestDatabase } from "../helpers/db.ts";
import { FakeSlack, SIGNING_SECRET, signedHeaders } from "../helpers/slack.ts";

export const SECRETS = {
  LEADOPS_WEBHOOK_SECRET: "sec-webhook-secret",
  TYPEFORM_SECRET: "sec-typeform-secret",
  CALENDLY_SIGNING_KEY: "sec-calendly-key",
  HUBSPOT_CLIENT_SECRET: "sec-hubspot-secret",
  FACEBOOK_APP_SECRET: "sec-facebook-secret",
  FACEBOOK_VERIFY_TOKEN: "sec-fb-verify",
  FACEBOOK_PAGE_TOKEN: "sec-fb-page-token",
  LEADOPS_API_TOKEN: "sec-api-token",
  LEADOPS_PUBLIC_URL: "https://leadops.example",
  SLACK_BOT_TOKEN: "xoxb-security-suite-token",
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
};

export const REP = "U0SECREP";
export const MANAGER = "U0SECMGR";

/** Leads with a title are hot (fit 50, threshold 40), and are posted to the hot channel. */
export const RULES = `
channels: { hot: ${HOT_CHANNEL}, marketing: C0MKT0001, managers: C0MGR0001 }
roles: { managers: [${MANAGER}], marketing: [] }
reps:
  - { slackId: ${REP}, name: Sec Rep }
scoring:
  thresholds: { warm: 20, hot: 40 }
  fit:
    - { id: has_title, when: { field: title, op: exists }, points: 50 }
routing: { claimWindowMinutes: 60 }
`;

export type Route = "leads" | "events" | "typeform" | "calendly" | "hubspot" | "facebook";
export const ROUTES: Record<Route, string> = {
  leads: "/webhooks/leads",
  events: "/webhooks/events",
  typeform: "/webhooks/sources/typeform",
  calendly: "/webhooks/sources/calendly",
  hubspot: "/webhooks/sources/hubspot",
  facebook: "/webhooks/sources/facebook",
};

/** Valid signature headers for `body` on `route`, made at `timestamp` (unix seconds). */
export function signFor(route: Route, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  switch (route) {
    case "leads":
    case "events":
      return sign.leadops(SECRETS.LEADOPS_WEBHOOK_SECRET, body, timestamp);
    case "typeform":
      return sign.typeform(SECRETS.TYPEFORM_SECRET, body);
    case "calendly":
      return sign.calendly(SECRETS.CALENDLY_SIGNING_KEY, body, timestamp);
    case "hubspot":
      return sign.hubspot(
        SECRETS.HUBSPOT_CLIENT_SECRET,
        "POST",
        `${SECRETS.LEADOPS_PUBLIC_URL}${ROUTES.hubspot}`,
        body,
        timestamp * 1000,
      );
    case "facebook":
      return sign.facebook(SECRETS.FACEBOOK_APP_SECRET, body);
  }
}

export interface SecurityApp extends Running {
  db: Database;
  fake: FakeSlack;
  logs: string[];
  post(route: Route, body: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  slackSend(
    body: string,
    contentType: string,
    opts?: { timestamp?: number; secret?: string },
  ): Promise<LightMyRequestResponse>;
  outbox(): Promise<unknown>;
  close(): Promise<void>;
}

export async function startSecurityApp(opts: { rules?: string } = {}): Promise<SecurityApp> {
  const fake = await new FakeSlack().start();
  const testDb = await createTestDatabase("pglite");
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const env = parseEnv({
    ...SECRETS,
    LOG_LEVEL: "debug",
    SLACK_API_URL: fake.apiUrl,
    FACEBOOK_GRAPH_URL: `${fake.base}/graph/`,
  });
  const running = await boot({
    env,
    logger: createLogger("debug", sink),
    database: testDb.db,
    rules: parseRules(opts.rules ?? RULES),
    jobs: false,
    slack: { outboxLoop: false },
  });
  const slack = running.slack;
  if (!slack) throw new Error("the Slack runtime did not start");
  return {
    ...running,
    db: testDb.db,
    fake,
    logs,
    post: (route, body, headers) =>
      running.server.inject({
        method: "POST",
        url: ROUTES[route],
        payload: body,
        headers: { "content-type": "application/json", ...(headers ?? signFor(route, body)) },
      }),
    async slackSend(body, contentType, o = {}) {
      const res = await running.server.inject({
        method: "POST",
        url: "/slack/events",
        payload: body,
        headers: signedHeaders(body, {
          contentType,
          timestamp: o.timestamp ?? Math.floor(Date.now() / 1000),
          ...(o.secret ? { secret: o.secret } : {}),
        }),
      });
      await slack.idle();
      return res;
    },
    outbox: () => runOutboxOnce(running.ctx, slack.client, { random: () => 1 }),
    async close() {
      await running.server.close();
      await slack.stop();
      await testDb.drop();
      await fake.stop();
    },
  };
}

/** Rows that a rejected request must not have added. */
export async function counts(db: Database) {
  const p = db.prisma;
  return {
    leads: await p.lead.count(),
    events: await p.leadEvent.count(),
    outbox: await p.outboxMessage.count(),
    audit: await p.auditLog.count(),
    assignments: await p.assignment.count(),
  };
}
