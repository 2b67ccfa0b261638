// Roles before lookups (issue 15): a workspace member LeadOps does not know, sending signed Slack
// requests, gets word for word the same private reply whether the email or lead id they name is a
// lead or not, owned or not, so they cannot probe who is a lead or who owns it. `rules`,
// `simulate` and `mine` refuse them outright. Marketing, who may see leads but not work them, is
// refused the owner actions the same way.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeModalMetadata } from "../../../src/slack/blocks/modal.ts";
import { BLOCK, VIEW } from "../../../src/slack/ids.ts";
import {
  blockAction,
  select,
  slashCommand,
  textInput,
  viewSubmission,
} from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, MARKETER, OUTSIDER, REPS, RULES } from "./setup.ts";

const REP = REPS[0] as string;
const MISSING_EMAIL = "nobody-at-all@elsewhere.test";

describe.each(DB_KINDS)("a stranger probing for leads on %s", (kind) => {
  let app: SlackTestApp;
  let owned: { id: string; email: string };
  let unowned: { id: string; email: string };
  let n = 0;

  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: RULES });
    owned = await createHotLead(app, { ownerSlackId: REP, assignedAt: app.clock.now() });
    unowned = await createHotLead(app);
    // The owned lead was given to REP, so REP's own dispute would pass: only the role refuses.
    await app.db.prisma.assignment.create({
      data: { leadId: owned.id, repSlackId: REP, method: "claim", createdAt: app.clock.now() },
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  /** Everything Slack was asked to show for one request: its private replies, modals and DMs. */
  async function shown(send: (responseUrl: string) => Promise<{ statusCode: number }>) {
    const id = `probe-${++n}`;
    const before = app.fake.calls.length;
    const res = await send(app.fake.responseUrl(id));
    expect(res.statusCode).toBe(200);
    await app.idle();
    const calls = app.fake.calls.slice(before);
    expect(calls.some((c) => c.method === "views.open")).toBe(false);
    const seen = calls.filter(
      (c) => (c.method === "response_url" && c.responseId === id) || c.method === "chat.postMessage",
    );
    expect(seen.length).toBeGreaterThan(0);
    return JSON.stringify(seen.map((c) => ({ text: c.body.text, blocks: c.body.blocks })));
  }

  const command = (actor: string, text: string) =>
    shown((responseUrl) =>
      app.send(slashCommand({ userId: actor, text, responseUrl }), "application/x-www-form-urlencoded"),
    );
  const click = (actor: string, actionId: string, value: string) =>
    shown((responseUrl) => app.interact(blockAction({ userId: actor, actionId, value, responseUrl })));

  async function snapshot() {
    const leads = await app.db.prisma.lead.findMany({ orderBy: { id: "asc" } });
    return JSON.stringify({
      leads: leads.map((l) => [l.id, l.ownerSlackId, l.stage, l.contactedAt, l.lostAt]),
      disputes: await app.db.prisma.dispute.count(),
      qualifications: await app.db.prisma.qualification.count(),
    });
  }

  it("gets the same reply to /leads qualify and /leads dispute for an owned, an unowned and a missing lead", async () => {
    const before = await snapshot();
    for (const [sub, tail] of [
      ["qualify", ""],
      ["dispute", " it is spam"],
    ] as const) {
      const replies = [
        await command(OUTSIDER, `${sub} ${owned.email}${tail}`),
        await command(OUTSIDER, `${sub} <mailto:${unowned.email}|${unowned.email}>${tail}`),
        await command(OUTSIDER, `${sub} ${MISSING_EMAIL}${tail}`),
        await command(OUTSIDER, `${sub} ${owned.id}${tail}`),
        await command(OUTSIDER, `${sub} ${randomUUID()}${tail}`),
      ];
      expect(new Set(replies).size, `${sub}: ${replies.join("\n")}`).toBe(1);
      expect(replies[0]).toContain(":no_entry:");
      expect(replies[0]).not.toContain(REP);
      expect(replies[0]).not.toMatch(/No lead matches|Nobody owns|no longer exists|No single lead/);
    }
    expect(await snapshot()).toBe(before);
  });

  it("gets the same reply from every lead button for an existing and a missing lead id", async () => {
    const before = await snapshot();
    for (const action of [
      "lead_claim",
      "lead_contacted",
      "lead_qualify",
      "lead_won",
      "lead_lost",
      "lead_release",
      "lead_nurture",
      "lead_reopen",
    ]) {
      const replies = [
        await click(OUTSIDER, action, owned.id),
        await click(OUTSIDER, action, unowned.id),
        await click(OUTSIDER, action, randomUUID()),
        await click(OUTSIDER, action, "not-a-lead-id"),
      ];
      expect(new Set(replies).size, `${action}: ${replies.join("\n")}`).toBe(1);
      expect(replies[0]).toContain(":no_entry:");
      expect(replies[0]).not.toContain(REP);
    }
    expect(await snapshot()).toBe(before);
  });

  it("gets the same reply to a crafted modal submission for an existing and a missing lead", async () => {
    const before = await snapshot();
    const submit = (leadId: string, callbackId: string, values: Record<string, Record<string, unknown>>) =>
      shown(() =>
        app.interact(
          viewSubmission({
            userId: OUTSIDER,
            callbackId,
            privateMetadata: encodeModalMetadata({ leadId, channel: null, ts: null }),
            values,
          }),
        ),
      );
    for (const [callbackId, values] of [
      [VIEW.lost, { [BLOCK.lostReason]: select("price", "Price"), [BLOCK.lostDetail]: textInput("x") }],
      [VIEW.nurture, { [BLOCK.nurtureReason]: textInput("not ready yet") }],
    ] as const) {
      const replies = [
        await submit(owned.id, callbackId, values),
        await submit(unowned.id, callbackId, values),
        await submit(randomUUID(), callbackId, values),
      ];
      expect(new Set(replies).size, `${callbackId}: ${replies.join("\n")}`).toBe(1);
      expect(replies[0]).toContain(":no_entry:");
    }
    expect(await snapshot()).toBe(before);
  });

  it("is refused rules, simulate and mine; a member still gets them", async () => {
    for (const text of ["rules", "mine", `simulate ${owned.email}`, `simulate ${MISSING_EMAIL}`]) {
      const reply = await command(OUTSIDER, text);
      expect(reply, text).toContain(":no_entry:");
      expect(reply, text).not.toMatch(/Rules in force|Reps as leadops.yml|stored lead|open leads/i);
    }
    expect(await command(OUTSIDER, `simulate ${owned.email}`)).toBe(
      await command(OUTSIDER, `simulate ${MISSING_EMAIL}`),
    );
    expect(await command(MARKETER, "rules")).toContain("Rules in force");
    expect(await command(MARKETER, `simulate ${MISSING_EMAIL}`)).not.toContain(":no_entry:");
  });

  it("marketing sees leads but is refused the owner actions alike for existing and missing leads", async () => {
    const replies = [
      await command(MARKETER, `qualify ${owned.email}`),
      await command(MARKETER, `qualify ${MISSING_EMAIL}`),
      await click(MARKETER, "lead_contacted", owned.id),
      await click(MARKETER, "lead_contacted", randomUUID()),
    ];
    expect(new Set(replies).size, replies.join("\n")).toBe(1);
    expect(replies[0]).toContain(":no_entry:");
  });
});
