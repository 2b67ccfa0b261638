import { readFileSync } from "node:fs";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sign } from "../../../src/intake/signatures.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { nowSeconds } from "./signed.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/webhooks/${name}`, import.meta.url), "utf8");

const SECRETS = {
  TYPEFORM_SECRET: "tf-secret",
  CALENDLY_SIGNING_KEY: "cal-key",
  HUBSPOT_CLIENT_SECRET: "hs-client-secret",
  FACEBOOK_APP_SECRET: "fb-app-secret",
  FACEBOOK_VERIFY_TOKEN: "fb-verify",
  FACEBOOK_PAGE_TOKEN: "fb-page-token",
  FACEBOOK_GRAPH_URL: "http://graph.facebook.test/v19.0/",
  LEADOPS_PUBLIC_URL: "https://leads.example.com",
};

const RULES = `
sources:
  typeform:
    fieldMap:
      work_email_ref: email
      first_name_ref: firstName
      company_ref: company
      employees_ref: companySize
      interests_ref: interests
  calendly:
    fieldMap:
      Company: company
`;

describe.each(DB_KINDS)("named sources on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind, env: SECRETS, rulesYaml: RULES });
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    nock.enableNetConnect();
    await app.close();
  });

  const post = (source: string, body: string, headers: Record<string, string>) =>
    app.server.inject({
      method: "POST",
      url: `/webhooks/sources/${source}`,
      payload: body,
      headers: { "content-type": "application/json", ...headers },
    });

  it("typeform: maps answers by ref and hidden fields, records form_submitted once", async () => {
    const body = fixture("typeform-form-response.json");
    const wrong = await post("typeform", body, sign.typeform("not-the-secret", body));
    expect(wrong.statusCode).toBe(401);
    expect(await app.db.prisma.lead.count()).toBe(0);

    const res = await post("typeform", body, sign.typeform(SECRETS.TYPEFORM_SECRET, body));
    expect(res.statusCode).toBe(201);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({
      where: { email: "laura.diaz@northwind.example" },
    });
    expect(lead).toMatchObject({
      firstName: "Laura",
      company: "Northwind Traders",
      companySize: 240,
      interests: ["Routing", "Reporting"],
      campaign: "spring-webinar",
      leadMagnet: "pricing-guide",
      source: "typeform",
      domain: "northwind.example",
    });
    expect(lead.attributes).toMatchObject({
      typeform: {
        formId: "lT4Z3j",
        answers: { notes_ref: "We use HubSpot today." },
        hidden: { utm_source: "linkedin" },
      },
    });
    const again = await post("typeform", body, sign.typeform(SECRETS.TYPEFORM_SECRET, body));
    expect(again.statusCode).toBe(200);
    expect(
      await app.db.prisma.leadEvent.count({
        where: { externalId: "typeform:a3a12ec67a1365927098a606107fac15" },
      }),
    ).toBe(1);
  });

  it("calendly: invitee.created books, invitee.canceled cancels; stale or wrong signatures are refused", async () => {
    const created = fixture("calendly-invitee-created.json");
    const stale = await post(
      "calendly",
      created,
      sign.calendly(SECRETS.CALENDLY_SIGNING_KEY, created, nowSeconds() - 600),
    );
    expect(stale.statusCode).toBe(401);
    const wrong = await post("calendly", created, sign.calendly("nope", created, nowSeconds()));
    expect(wrong.statusCode).toBe(401);

    const ok = await post(
      "calendly",
      created,
      sign.calendly(SECRETS.CALENDLY_SIGNING_KEY, created, nowSeconds()),
    );
    expect([200, 201]).toContain(ok.statusCode);
    const canceled = fixture("calendly-invitee-canceled.json");
    const cancel = await post(
      "calendly",
      canceled,
      sign.calendly(SECRETS.CALENDLY_SIGNING_KEY, canceled, nowSeconds()),
    );
    expect(cancel.statusCode).toBe(200);

    const lead = await app.db.prisma.lead.findUniqueOrThrow({
      where: { email: "laura.diaz@northwind.example" },
      include: { events: { orderBy: { occurredAt: "asc" } } },
    });
    expect(lead.name).toBe("Laura Diaz");
    expect(lead.timezone).toBe("Europe/Madrid");
    const calendly = lead.events.filter((e) => e.source === "calendly");
    expect(calendly.map((e) => e.type)).toEqual(["appointment_booked", "appointment_canceled"]);
    expect(calendly[0]?.properties).toMatchObject({
      eventName: "30 Minute Demo",
      startTime: "2025-03-10T10:00:00.000000Z",
    });
    expect(calendly[1]?.properties).toMatchObject({ cancelReason: "Conflict with another meeting" });
  });

  it("hubspot: v3 signature over method + public URL + body + timestamp; contact and values shapes", async () => {
    const uri = `${SECRETS.LEADOPS_PUBLIC_URL}/webhooks/sources/hubspot`;
    const contact = fixture("hubspot-contact-form-submission.json");
    const old = Date.now() - 6 * 60_000;
    const stale = await post(
      "hubspot",
      contact,
      sign.hubspot(SECRETS.HUBSPOT_CLIENT_SECRET, "POST", uri, contact, old),
    );
    expect(stale.statusCode).toBe(401);
    const wrongUri = await post(
      "hubspot",
      contact,
      sign.hubspot(
        SECRETS.HUBSPOT_CLIENT_SECRET,
        "POST",
        "https://elsewhere.example/webhooks/sources/hubspot",
        contact,
        Date.now(),
      ),
    );
    expect(wrongUri.statusCode).toBe(401);

    const res = await post(
      "hubspot",
      contact,
      sign.hubspot(SECRETS.HUBSPOT_CLIENT_SECRET, "POST", uri, contact, Date.now()),
    );
    expect(res.statusCode).toBe(201);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({
      where: { email: "omar.haddad@contoso.example" },
    });
    expect(lead).toMatchObject({
      firstName: "Omar",
      lastName: "Haddad",
      company: "Contoso",
      title: "VP Sales",
      companySize: 201,
      country: "Germany",
      source: "hubspot",
      externalId: "3234574",
    });
    expect(lead.attributes).toMatchObject({ hubspot: { properties: { hs_lead_status: "NEW" } } });
    expect(
      await app.db.prisma.leadEvent.count({
        where: { externalId: "hubspot:9a1b8c3e-5d2f-4e7a-b6c9-0f1e2d3c4b5a", type: "form_submitted" },
      }),
    ).toBe(1);

    const values = fixture("hubspot-form-values.json");
    const second = await post(
      "hubspot",
      values,
      sign.hubspot(SECRETS.HUBSPOT_CLIENT_SECRET, "POST", uri, values, Date.now()),
    );
    expect(second.statusCode).toBe(201);
    const mei = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: "mei.chen@fabrikam.example" } });
    expect(mei).toMatchObject({ firstName: "Mei", company: "Fabrikam" });
    expect(mei.attributes).toMatchObject({ hubspot: { properties: { how_did_you_hear: "Podcast" } } });
  });

  it("facebook: answers the verification challenge only with the right token", async () => {
    const ok = await app.server.inject({
      method: "GET",
      url: "/webhooks/sources/facebook?hub.mode=subscribe&hub.verify_token=fb-verify&hub.challenge=1158201444",
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe("1158201444");
    const bad = await app.server.inject({
      method: "GET",
      url: "/webhooks/sources/facebook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444",
    });
    expect(bad.statusCode).toBe(403);
    expect(bad.json().error.code).toBe("verification_failed");
  });

  it("facebook: verifies X-Hub-Signature-256, fetches field_data from the Graph API, stores ad and form ids", async () => {
    const body = fixture("facebook-leadgen.json");
    const wrong = await post("facebook", body, sign.facebook("nope", body));
    expect(wrong.statusCode).toBe(401);

    const graph = nock("http://graph.facebook.test")
      .get("/v19.0/130528934038370")
      .query({ access_token: "fb-page-token" })
      .reply(200, fixture("facebook-graph-lead.json"), { "content-type": "application/json" });
    const res = await post("facebook", body, sign.facebook(SECRETS.FACEBOOK_APP_SECRET, body));
    expect(res.statusCode).toBe(200);
    expect(res.json().leads).toHaveLength(1);
    expect(graph.isDone()).toBe(true);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: "tom.cook@initech.example" } });
    expect(lead).toMatchObject({
      name: "Tom Cook",
      phone: "+16505550123",
      company: "Initech",
      title: "Head of Growth",
      source: "facebook",
    });
    expect(lead.attributes).toMatchObject({
      facebook: {
        leadgenId: "130528934038370",
        formId: "129595594131704",
        adId: "120210000000000001",
        campaignId: "120210000000000003",
        fields: { "what_is_your_budget?": "$10k-$50k" },
      },
    });
  });

  it("facebook: a Graph outage answers 503 so Facebook retries, and stores nothing", async () => {
    const body = fixture("facebook-leadgen.json").replaceAll("130528934038370", "130528934038999");
    nock("http://graph.facebook.test").get("/v19.0/130528934038999").query(true).reply(500, { error: {} });
    const res = await post("facebook", body, sign.facebook(SECRETS.FACEBOOK_APP_SECRET, body));
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe("graph_unavailable");
    expect(await app.db.prisma.leadEvent.count({ where: { externalId: "facebook:130528934038999" } })).toBe(
      0,
    );
  });
});

describe("named sources never answer 5xx for generated bodies", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      kind: "pglite",
      env: SECRETS,
      // No rate limit in the way of 150 generated deliveries.
      rulesYaml: `sources:\n${["typeform", "calendly", "hubspot", "facebook"]
        .map((name) => `  ${name}:\n    rateLimitPerMinute: 100000\n`)
        .join("")}`,
    });
    nock.disableNetConnect();
    // Graph "no such lead" for every generated id: final, so the delivery is answered 200.
    nock("http://graph.facebook.test")
      .persist()
      .get(/.*/)
      .reply(400, { error: { code: 100 } });
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.close();
  });

  it("signed typeform, calendly, hubspot and facebook payloads of any shape", async () => {
    const { default: fc } = await import("fast-check");
    const uri = `${SECRETS.LEADOPS_PUBLIC_URL}/webhooks/sources/hubspot`;
    const signers: Record<string, (body: string) => Record<string, string>> = {
      typeform: (b) => sign.typeform(SECRETS.TYPEFORM_SECRET, b),
      calendly: (b) => sign.calendly(SECRETS.CALENDLY_SIGNING_KEY, b, nowSeconds()),
      hubspot: (b) => sign.hubspot(SECRETS.HUBSPOT_CLIENT_SECRET, "POST", uri, b, Date.now()),
      facebook: (b) => sign.facebook(SECRETS.FACEBOOK_APP_SECRET, b),
    };
    const answer = fc.record({
      type: fc.constantFrom("email", "text", "number", "choices", "choice", "boolean", "date"),
      email: fc.oneof(fc.emailAddress(), fc.string()),
      text: fc.string(),
      number: fc.oneof(fc.integer(), fc.double()),
      choices: fc.record({ labels: fc.array(fc.string()) }),
      field: fc.record({ ref: fc.constantFrom("work_email_ref", "employees_ref", "interests_ref", "x") }),
    });
    const bodies = fc.oneof(
      fc.record({
        event_type: fc.constantFrom("form_response", "other"),
        form_response: fc.record({
          form_id: fc.string(),
          token: fc.string(),
          submitted_at: fc.string(),
          hidden: fc.dictionary(fc.string(), fc.jsonValue()),
          answers: fc.array(answer, { maxLength: 5 }),
        }),
      }),
      fc.record({
        event: fc.constantFrom("invitee.created", "invitee.canceled", "x"),
        created_at: fc.string(),
        payload: fc.record({
          email: fc.oneof(fc.emailAddress(), fc.string()),
          name: fc.string(),
          uri: fc.string(),
        }),
      }),
      fc.record({
        properties: fc.dictionary(
          fc.constantFrom("email", "numemployees", "annualrevenue", "firstname"),
          fc.jsonValue(),
        ),
        "form-submissions": fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 2 }),
      }),
      fc.record({
        object: fc.constant("page"),
        entry: fc.array(
          fc.record({
            changes: fc.array(
              fc.record({
                field: fc.constantFrom("leadgen", "feed"),
                value: fc.record({ leadgen_id: fc.oneof(fc.stringMatching(/^\d{1,12}$/), fc.integer()) }),
              }),
            ),
          }),
          { maxLength: 2 },
        ),
      }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(signers)), bodies, async (source, value) => {
        const body = JSON.stringify(value) ?? "null";
        const res = await app.server.inject({
          method: "POST",
          url: `/webhooks/sources/${source}`,
          payload: body,
          headers: { "content-type": "application/json", ...signers[source]!(body) },
        });
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});
