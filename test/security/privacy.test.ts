// Logs never hold personal data: the app boots with a capturing logger at debug level, takes
// leads, events and Slack requests carrying emails, phone numbers and names (also in bodies that
// fail validation and in the Slack token), and every captured line is scanned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.ts";
import { leakedLines } from "../faults/support.ts";
import { blockAction, slashCommand } from "../fixtures/slack/payloads.ts";
import { MANAGER, REP, SECRETS, type SecurityApp, startSecurityApp } from "./app.ts";

const PERSON = {
  email: "zebulon.quux@privacy.example",
  phone: "+44 20 7946 0958",
  name: "Zebulon Quux",
};

let app: SecurityApp;
beforeAll(async () => {
  app = await startSecurityApp();
});
afterAll(async () => {
  await app?.close();
});

describe("privacy of logs", () => {
  it("no email, phone, name or token in any log line after intake, Slack and errors", async () => {
    expect(
      (await app.post("leads", JSON.stringify({ ...PERSON, title: "CEO", company: "Quux Ltd" }))).statusCode,
    ).toBe(201);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: PERSON.email } });
    expect(
      (await app.post("events", JSON.stringify({ id: "priv-1", type: "email_opened", email: PERSON.email })))
        .statusCode,
    ).toBe(202);
    // Errors that echo the input: a bad field, bad JSON, an unknown lead, a forged signature.
    expect(
      (
        await app.post(
          "leads",
          JSON.stringify({ ...PERSON, email: `${PERSON.email} not-an-email`, companySize: "x" }),
        )
      ).statusCode,
    ).toBe(400);
    expect((await app.post("leads", `{"email":"${PERSON.email}",`)).statusCode).toBe(400);
    expect(
      (await app.post("events", JSON.stringify({ id: "priv-2", type: "x", email: `other.${PERSON.email}` })))
        .statusCode,
    ).toBeLessThan(500);
    expect(
      (await app.post("leads", JSON.stringify(PERSON), { "x-leadops-signature": "sha256=00" })).statusCode,
    ).toBe(401);
    // Slack: a claim, lookups by email and phone, a simulate, and a refusal.
    await app.outbox();
    const claim = blockAction({
      userId: REP,
      actionId: ACTION.claim,
      value: lead.id,
      responseUrl: app.fake.responseUrl(),
    });
    await app.slackSend(
      `payload=${encodeURIComponent(JSON.stringify(claim))}`,
      "application/x-www-form-urlencoded",
    );
    for (const [user, text] of [
      [REP, `find ${PERSON.email}`],
      [REP, `find ${PERSON.name}`],
      [REP, `simulate ${JSON.stringify({ ...PERSON, email: `sim.${PERSON.email}` })}`],
      [REP, `qualify ${PERSON.email}`],
      [REP, `report week`],
      [MANAGER, `export month`],
    ] as const) {
      await app.slackSend(
        slashCommand({ userId: user, text, responseUrl: app.fake.responseUrl() }),
        "application/x-www-form-urlencoded",
      );
    }
    await app.outbox();
    // The Web API failing with the token in play.
    app.fake.script("chat.postMessage", { status: 500 }, { error: "invalid_auth" });
    await app.post(
      "leads",
      JSON.stringify({
        email: `second.${PERSON.email}`,
        name: PERSON.name,
        phone: PERSON.phone,
        title: "CTO",
      }),
    );
    await app.outbox();

    expect(app.logs.length).toBeGreaterThan(10);
    const leaks = leakedLines(app.logs, [
      PERSON.email,
      PERSON.phone,
      PERSON.phone.replace(/\s/g, ""),
      PERSON.name,
      "Quux",
      SECRETS.SLACK_BOT_TOKEN,
      SECRETS.LEADOPS_WEBHOOK_SECRET,
      SECRETS.SLACK_SIGNING_SECRET,
      SECRETS.LEADOPS_API_TOKEN,
    ]);
    expect(leaks.map((l) => l.slice(0, 400))).toEqual([]);
  });
});
