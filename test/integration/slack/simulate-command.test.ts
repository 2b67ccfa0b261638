// `/leads simulate <email> [events JSON]`: a member simulates the stored lead plus the events
// given, against live state; someone LeadOps does not know is refused, with the same words
// whether the email is stored or not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slashCommand } from "../../fixtures/slack/payloads.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, OUTSIDER, REPS, RULES, textOf } from "./setup.ts";

const REP = REPS[0] as string;

describe("/leads simulate <email>", () => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ kind: "pglite", rulesYaml: RULES });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function command(userId: string, text: string) {
    const id = `${userId}-${Math.random().toString(36).slice(2, 8)}`;
    const res = await app.send(
      slashCommand({ userId, text, responseUrl: app.fake.responseUrl(id) }),
      "application/x-www-form-urlencoded",
    );
    expect(res.statusCode).toBe(200);
    await app.idle();
    return app.fake.callsTo("response_url").find((c) => c.responseId === id)?.body;
  }

  it("starts from the stored lead for a member; a stranger is refused alike for any email", async () => {
    const lead = await createHotLead(app, { ownerSlackId: REP, assignedAt: app.clock.now() });
    const member = textOf((await command(REP, `simulate ${lead.email} [{"type":"demo_requested"}]`))?.blocks);
    expect(member).toContain("The stored lead plus the events given.");
    expect(member).toContain("Not routed: the lead already has an owner");
    expect(member).toContain("as they are now");
    const stranger = textOf((await command(OUTSIDER, `simulate ${lead.email}`))?.blocks);
    expect(stranger).toContain(":no_entry:");
    expect(stranger).not.toContain("Reps as leadops.yml declares them");
    expect(textOf((await command(OUTSIDER, "simulate nobody-here@acme.test"))?.blocks)).toBe(stranger);
    // Nothing was written by either.
    expect(await app.db.prisma.leadEvent.count({ where: { leadId: lead.id } })).toBe(0);
  });
});
