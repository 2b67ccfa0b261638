// The assignment DM's "Why you:" line, rendered from a real routing decision: the reps routing
// mentions are mentions (not `&lt;@U0R01&gt;`), and text from outside (a pause reason typed by a
// person) stays inert.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAssignmentDm } from "../../../src/slack/render/direct-messages.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { postSigned, SECRET } from "../intake/signed.ts";

const RULES = `
reps:
  - { slackId: U0R01, name: Ann Lee }
  - { slackId: U0R02, name: Bob Ray }
scoring:
  thresholds: { warm: 10, hot: 20 }
routing:
  routes:
    - { name: sales_team, grades: [hot], mode: assign }
`;

describe("the assignment DM", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind: "pglite", rulesYaml: RULES, env: { LEADOPS_WEBHOOK_SECRET: SECRET } });
  });
  afterAll(() => app.close());

  it("mentions the skipped rep and keeps the pause reason inert", async () => {
    await app.db.prisma.rep.update({
      where: { slackId: "U0R01" },
      data: { paused: true, pausedReason: "<!channel> <@U0EVIL> *now*" },
    });
    const res = await postSigned(app.server, "/webhooks/leads", {
      email: "cto@bigco.test",
      title: "CTO",
      companySize: 500,
    });
    expect(res.statusCode).toBe(201);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: "cto@bigco.test" } });
    expect(lead.ownerSlackId).toBe("U0R02");
    const assignment = await app.db.prisma.assignment.findFirstOrThrow({ where: { leadId: lead.id } });
    const rendered = await renderAssignmentDm(
      { ctx: app.ctx, now: new Date() },
      {
        id: 1n,
        kind: "assignment_dm",
        channel: "U0R02",
        leadId: lead.id,
        payload: { leadId: lead.id, assignmentId: assignment.id },
        attempts: 0,
      },
    );
    expect(rendered.action).toBe("post");
    const json = JSON.stringify(rendered.action === "post" ? rendered.message.blocks : null);
    const why = /\*Why you:\* ([^"]*)"/.exec(json)?.[1] ?? "";
    expect(why).toContain("<@U0R01> paused");
    expect(why).not.toContain("&lt;@U0R01&gt;");
    expect(why).not.toContain("&amp;lt;");
    expect(why).toContain("&lt;!channel&gt; &lt;@U0EVIL&gt;");
    expect(why).not.toContain("<@U0EVIL>");
    expect(why).toContain("sales");
  });
});
