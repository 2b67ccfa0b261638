// The HubSpot loop guard (issue 17, part 2): with outbound.hubspot on, a HubSpot workflow posting
// back the contact LeadOps just upserted (its LeadOps properties and modification stamps changed)
// makes no lead.updated, so nothing is queued for HubSpot again; a real change still is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sign } from "../../../src/intake/signatures.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const ENV = { HUBSPOT_CLIENT_SECRET: "hs-client-secret", LEADOPS_PUBLIC_URL: "https://leads.example.com" };

describe.each(DB_KINDS)("HubSpot loop guard on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      kind,
      env: ENV,
      rulesYaml: `
scoring: { fit: [], engagement: [] }
outbound:
  hubspot:
    apiUrl: http://hubspot.test
    token: pat-test-token
    events: [lead.created, lead.updated]
`,
    });
  });
  afterAll(() => app.close());

  const post = (contact: Record<string, unknown>) => {
    const body = JSON.stringify(contact);
    const uri = `${ENV.LEADOPS_PUBLIC_URL}/webhooks/sources/hubspot`;
    return app.server.inject({
      method: "POST",
      url: "/webhooks/sources/hubspot",
      payload: body,
      headers: {
        "content-type": "application/json",
        ...sign.hubspot(ENV.HUBSPOT_CLIENT_SECRET, "POST", uri, body, Date.now()),
      },
    });
  };
  const queued = async (email: string) => {
    const rows = await app.db.sql.query<{ type: string }>(
      `SELECT d.type FROM "OutboundDelivery" d JOIN "Lead" l ON l.id = d."leadId" WHERE l.email = $1 ORDER BY d.seq`,
      [email],
    );
    return rows.map((r) => r.type);
  };

  it("does not feed LeadOps' own upsert back, but takes a real change", async () => {
    const email = "eve@loop.example";
    const first = await post({ email, firstname: "Eve", hs_lead_status: "NEW", lastmodifieddate: "1" });
    expect(first.statusCode).toBeLessThan(300);
    expect(await queued(email)).toEqual(["lead.created"]);
    // The echo of LeadOps' upsert: only LeadOps' properties and HubSpot's stamps differ.
    const echo = await post({
      email,
      firstname: "Eve",
      hs_lead_status: "NEW",
      leadops_score: "15",
      leadops_grade: "warm",
      leadops_stage: "lead",
      leadops_segments: "",
      hs_lastmodifieddate: "2",
      lastmodifieddate: "2",
    });
    expect(echo.statusCode).toBeLessThan(300);
    expect(await queued(email)).toEqual(["lead.created"]);
    await post({
      email,
      firstname: "Eve",
      hs_lead_status: "OPEN",
      leadops_score: "15",
      lastmodifieddate: "3",
    });
    expect(await queued(email)).toEqual(["lead.created", "lead.updated"]);
  });
});
