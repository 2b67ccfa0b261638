// Bad input against every door: forged, missing and replayed signatures (401, nothing stored),
// oversized bodies (413), generated bodies with VALID signatures on every webhook route and every
// Slack payload type (never a 5xx), and SQL / Block Kit injection in lead fields (stored verbatim,
// shown as text in the hot-lead post). The generated lead and event bodies of
// test/integration/intake/errors.test.ts and the source shapes of sources.test.ts are not
// repeated here; this file adds arbitrary JSON and text on every route, and Slack.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION, VIEW } from "../../src/slack/ids.ts";
import { blockAction, slashCommand, viewSubmission } from "../fixtures/slack/payloads.ts";
import { mrkdwnStrings } from "../unit/slack/walk.ts";
import { counts, REP, ROUTES, type Route, type SecurityApp, signFor, startSecurityApp } from "./app.ts";

let app: SecurityApp;
beforeAll(async () => {
  app = await startSecurityApp();
});
afterAll(async () => {
  await app?.close();
});

const ALL_ROUTES = Object.keys(ROUTES) as Route[];
const now = () => Math.floor(Date.now() / 1000);

function sampleBody(route: Route, email: string): string {
  switch (route) {
    case "leads":
      return JSON.stringify({ email, name: "Sig Test", title: "CEO" });
    case "events":
      return JSON.stringify({ id: `ev-${email}`, type: "subscribed", email });
    case "typeform":
      return JSON.stringify({
        event_type: "form_response",
        form_response: {
          form_id: "F1",
          token: `tok-${email}`,
          submitted_at: new Date().toISOString(),
          answers: [{ type: "email", email, field: { ref: "email" } }],
        },
      });
    case "calendly":
      return JSON.stringify({
        event: "invitee.created",
        created_at: new Date().toISOString(),
        payload: { email, name: "Sig Test", uri: `https://calendly.example/${email}` },
      });
    case "hubspot":
      return JSON.stringify([{ objectId: 1, properties: { email: { value: email } } }]);
    case "facebook":
      return JSON.stringify({
        object: "page",
        entry: [{ changes: [{ field: "leadgen", value: { leadgen_id: "1" } }] }],
      });
  }
}

describe("signatures", () => {
  for (const route of ALL_ROUTES) {
    it(`${ROUTES[route]}: forged, missing and replayed signatures → 401, nothing stored`, async () => {
      const before = await counts(app.db);
      const body = sampleBody(route, `sig-${route}@acme.test`);
      const forged = Object.fromEntries(
        Object.entries(signFor(route, body)).map(([k, v]) => [
          k,
          k.includes("timestamp") ? v : `${v.slice(0, -6)}AAAAAA`,
        ]),
      );
      const attempts: [string, Record<string, string>][] = [
        ["forged", forged],
        ["missing", {}],
        ["signed for another body", signFor(route, `${body} `)],
      ];
      // Typeform and Facebook sign the body only (no timestamp in their schemes), so a replay of
      // theirs is caught by the delivery's own id, not by the signature.
      if (!["typeform", "facebook"].includes(route))
        attempts.push(["replayed (10 min old)", signFor(route, body, now() - 600)]);
      for (const [what, headers] of attempts) {
        const res = await app.post(route, body, headers);
        expect(res.statusCode, `${what}: ${res.body}`).toBe(401);
        expect(res.json().error.code).toEqual(expect.any(String));
      }
      expect(await counts(app.db)).toEqual(before);
    });
  }

  it("/slack/events: forged, missing and replayed signatures → 401, nothing stored or sent", async () => {
    const before = await counts(app.db);
    const calls = app.fake.calls.length;
    const lead = await app.db.prisma.lead.create({
      data: { email: "sig-slack@acme.test" },
      select: { id: true },
    });
    const beforeLead = await counts(app.db);
    const payload = `payload=${encodeURIComponent(
      JSON.stringify(
        blockAction({
          userId: REP,
          actionId: ACTION.claim,
          value: lead.id,
          responseUrl: app.fake.responseUrl(),
        }),
      ),
    )}`;
    const form = "application/x-www-form-urlencoded";
    const forged = await app.slackSend(payload, form, { secret: "not-the-secret" });
    const replayed = await app.slackSend(payload, form, { timestamp: now() - 600 });
    const missing = await app.server.inject({
      method: "POST",
      url: "/slack/events",
      headers: { "content-type": form },
      payload,
    });
    for (const res of [forged, replayed, missing]) expect(res.statusCode).toBe(401);
    expect(await counts(app.db)).toEqual(beforeLead);
    expect(app.fake.calls.length).toBe(calls);
    expect(beforeLead.leads).toBe(before.leads + 1);
  });
});

describe("oversized bodies", () => {
  const big = JSON.stringify({ email: "big@acme.test", attributes: { blob: "x".repeat(1024 * 1024 + 10) } });
  for (const route of ALL_ROUTES) {
    it(`${ROUTES[route]}: a body over 1 MiB → 413, nothing stored`, async () => {
      const before = await counts(app.db);
      const res = await app.post(route, big);
      expect(res.statusCode).toBe(413);
      expect(await counts(app.db)).toEqual(before);
    });
  }
  it("/slack/events: a body over 1 MiB → 413", async () => {
    const body = slashCommand({
      userId: REP,
      text: `find ${"x".repeat(1024 * 1024 + 10)}`,
      responseUrl: app.fake.responseUrl(),
    });
    const res = await app.slackSend(body, "application/x-www-form-urlencoded");
    expect(res.statusCode).toBe(413);
  });
});

describe("generated bodies with valid signatures", () => {
  it("every webhook route: arbitrary JSON and text never get a 5xx", async () => {
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v) ?? "null"),
      fc.string(),
      fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 3 }).map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ALL_ROUTES), body, async (route, b) => {
        const res = await app.post(route, b);
        expect(res.statusCode, `${route} ${b.slice(0, 200)}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });

  const userId = fc.oneof(fc.constantFrom(REP, "U0SECMGR", "U0NOBODY"), fc.string({ maxLength: 12 }));
  const anyLeadRef = fc.oneof(fc.uuid(), fc.string(), fc.constant(""));

  it("slash commands: any text from anyone → 200, no listener failure", async () => {
    const sub = fc.oneof(
      fc.constantFrom(
        "help",
        "report",
        "mine",
        "find",
        "qualify",
        "away",
        "back",
        "rules",
        "simulate",
        "export",
        "reassign",
        "",
      ),
      fc.string({ maxLength: 10 }),
    );
    await fc.assert(
      fc.asyncProperty(userId, sub, fc.string({ maxLength: 200 }), async (user, word, rest) => {
        const res = await app.slackSend(
          slashCommand({ userId: user, text: `${word} ${rest}`, responseUrl: app.fake.responseUrl() }),
          "application/x-www-form-urlencoded",
        );
        expect(res.statusCode, `/leads ${word} ${rest}`).toBeLessThan(500);
      }),
      { numRuns: 120 },
    );
  });

  it("block_actions: any button, any value, from anyone → never a 5xx", async () => {
    const action = fc.oneof(fc.constantFrom(...Object.values(ACTION)), fc.string({ maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(userId, action, anyLeadRef, async (user, actionId, value) => {
        const payload = blockAction({ userId: user, actionId, value, responseUrl: app.fake.responseUrl() });
        const res = await app.slackSend(
          `payload=${encodeURIComponent(JSON.stringify(payload))}`,
          "application/x-www-form-urlencoded",
        );
        expect(res.statusCode, `${actionId} ${value}`).toBeLessThan(500);
      }),
      { numRuns: 120 },
    );
  });

  it("view_submission: any modal, metadata and answers → never a 5xx", async () => {
    const callbackId = fc.oneof(fc.constantFrom(...Object.values(VIEW)), fc.string({ maxLength: 20 }));
    const metadata = fc.oneof(
      anyLeadRef,
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
      fc.uuid().map((id) => JSON.stringify({ leadId: id })),
    );
    const state = fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          "won_amount",
          "won_currency",
          "lost_reason",
          "nurture_reason",
          "qual_notes",
          "qual_field:challenges",
        ),
        fc.string(),
      ),
      fc.oneof(
        fc.record({ type: fc.constant("plain_text_input"), value: fc.oneof(fc.string(), fc.constant(null)) }),
        fc.record({
          type: fc.constant("static_select"),
          selected_option: fc.oneof(fc.constant(null), fc.record({ value: fc.string() })),
        }),
        fc.jsonValue(),
      ),
      { maxKeys: 4 },
    );
    await fc.assert(
      fc.asyncProperty(userId, callbackId, metadata, state, async (user, cb, meta, values) => {
        const payload = viewSubmission({
          userId: user,
          callbackId: cb,
          privateMetadata: meta,
          values: values as Record<string, Record<string, unknown>>,
        });
        const res = await app.slackSend(
          `payload=${encodeURIComponent(JSON.stringify(payload))}`,
          "application/x-www-form-urlencoded",
        );
        expect(res.statusCode, `${cb} ${meta}`).toBeLessThan(500);
      }),
      { numRuns: 120 },
    );
  });

  it("event_callback and other JSON bodies → never a 5xx", async () => {
    const event = fc.record({
      type: fc.oneof(fc.constantFrom("app_home_opened", "message", "app_mention"), fc.string()),
      user: userId,
      tab: fc.oneof(fc.constantFrom("home", "messages"), fc.string()),
      channel: fc.string(),
    });
    const body = fc.oneof(
      event.map((e) =>
        JSON.stringify({
          type: "event_callback",
          team_id: "T0TEST",
          api_app_id: "A0",
          event: e,
          event_id: "Ev1",
          event_time: 1,
        }),
      ),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? "null"),
      fc.string(),
      // Shapes Bolt classifies and then reads fields of (`user.team_id`, `event.item.channel`).
      fc.constantFrom(
        '{"name":"x"}',
        '{"actions":[]}',
        '{"type":"shortcut"}',
        '{"event":{"item":1}}',
        '{"event":null}',
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await app.slackSend(b, "application/json");
        expect(res.statusCode, b.slice(0, 200)).toBeLessThan(500);
      }),
      { numRuns: 120 },
    );
  });

  // A malformed payload (a button with an empty value, an empty user id) is bad input, answered
  // privately as such; it must never be logged as our own failure.
  it("no Slack request above made a listener fail unexpectedly", () => {
    const failures = app.logs
      .filter((l) => /slack listener failed|slack event processing failed|request failed/.test(l))
      .map((l) => {
        const entry = JSON.parse(l) as { msg?: string; err?: { message?: string; stack?: string } };
        // The first frames say which listener made the failing call (for a failure seen once in
        // CI, channel_not_found, not reproduced since).
        const frames = (entry.err?.stack ?? "")
          .split("\n")
          .filter((f) => f.includes("/src/"))
          .slice(0, 4);
        return `${entry.msg}: ${(entry.err?.message ?? "").split("\n")[0]?.slice(0, 160)} ${frames.join(" | ")}`;
      });
    expect([...new Set(failures)]).toEqual([]);
  });
});

describe("injection in lead fields", () => {
  // Its own app: the generated bodies above leave the shared app's outbox full of notices, and
  // this test must see its one hot post go out.
  let fresh: SecurityApp;
  beforeAll(async () => {
    fresh = await startSecurityApp();
  });
  afterAll(async () => {
    await fresh.close();
  });

  const hostile = {
    name: "<!channel>",
    title: "*bold*",
    company: `'; DROP TABLE "Lead";--`,
    city: "<https://evil.example|click me> _it_ ~st~ `code` <@U0SECMGR> &amp;",
  };

  it("is stored verbatim and shown as text in the hot-lead post", async () => {
    const email = "inject@acme.test";
    const res = await fresh.post("leads", JSON.stringify({ email, ...hostile }));
    expect(res.statusCode).toBe(201);
    const stored = await fresh.db.prisma.lead.findUniqueOrThrow({ where: { email } });
    expect({ name: stored.name, title: stored.title, company: stored.company, city: stored.city }).toEqual(
      hostile,
    );
    expect(await fresh.db.prisma.lead.count()).toBeGreaterThan(0); // the table is still there

    fresh.fake.clear();
    // Earlier tests in this file leave notices queued (a pass takes 50, one post per channel
    // per second), so run passes until this lead's post has gone out.
    const hotPost = () =>
      fresh.fake
        .callsTo("chat.postMessage")
        .find(
          (c) => JSON.stringify(c.body).includes(stored.id) && JSON.stringify(c.body).includes("lead_claim"),
        );
    for (let pass = 0; pass < 20 && !hotPost(); pass++) {
      await fresh.outbox();
      if (!hotPost()) await new Promise((r) => setTimeout(r, 1100));
    }
    const post = hotPost();
    expect(post, "the hot lead was posted").toBeDefined();
    const mrkdwn = mrkdwnStrings(post?.body ?? {});
    expect(mrkdwn.length).toBeGreaterThan(0);
    for (const { text, path } of mrkdwn) {
      // No control sequence from the lead: no <!channel>, no link, no mention of the manager.
      expect(text, path).not.toContain("<!channel>");
      expect(text, path).not.toContain("<https://evil.example");
      expect(text, path).not.toContain("<@U0SECMGR>");
      // No formatting: every marker from the lead is broken up.
      expect(text, path).not.toMatch(/\*bold\*/);
      expect(text, path).not.toMatch(/(^|\s)_it_(\s|$)/);
      expect(text, path).not.toMatch(/~st~/);
      expect(text, path).not.toMatch(/`code`/);
    }
    // Readers still see what the lead typed.
    const all = JSON.stringify(post?.body).replace(/\\u200b|\u200b/gi, "");
    expect(all).toContain("&lt;!channel&gt;");
    expect(all).toContain("DROP TABLE");
    expect(all).toContain("bold");
  });
});
