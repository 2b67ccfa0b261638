// Each signed lead delivery is accepted once (issue 15), on /webhooks/leads and every named
// source: the same signed request sent three times stores once and is answered 200 with what the
// first stored; a replay after the lead changed does not put the old values back, and a replay
// after the person was forgotten does not bring them back. Before the replay memory covered
// these routes, a replay re-applied its fields (reverting a later update, re-creating a forgotten
// person with their email) and Facebook's was fetched from the Graph API again.
import { readFileSync } from "node:fs";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetLead } from "../../../src/flows/forget-lead.ts";
import { sign } from "../../../src/intake/signatures.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { nowSeconds, postSigned, SECRET } from "./signed.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/webhooks/${name}`, import.meta.url), "utf8");

const PUBLIC_URL = "https://leads.example.com";
const ENV = {
  LEADOPS_WEBHOOK_SECRET: SECRET,
  TYPEFORM_SECRET: "tf-secret",
  CALENDLY_SIGNING_KEY: "cal-key",
  HUBSPOT_CLIENT_SECRET: "hs-client-secret",
  FACEBOOK_APP_SECRET: "fb-app-secret",
  FACEBOOK_PAGE_TOKEN: "fb-page-token",
  FACEBOOK_GRAPH_URL: "http://graph.replay.test/v19.0/",
  LEADOPS_PUBLIC_URL: PUBLIC_URL,
};
const RULES = `
sources:
  typeform: { fieldMap: { work_email_ref: email, company_ref: company } }
  calendly: { fieldMap: { Company: company } }
`;

/** One signed request, built once and sent as often as the test likes. */
interface Delivery {
  url: string;
  payload: string;
  headers: Record<string, string>;
  /** The emails of the leads it carries. */
  emails: string[];
}

function deliveries(kind: string): Record<string, () => Delivery> {
  const tag = (email: string) => email.replace("@", `+${kind}@`);
  const leadops = (): Delivery => {
    const email = `replayed.lead+${kind}@acme.example`;
    const payload = JSON.stringify({ email, company: "Acme", title: "VP Sales", source: "ads" });
    return {
      url: "/webhooks/leads",
      payload,
      headers: sign.leadops(SECRET, payload, nowSeconds()),
      emails: [email],
    };
  };
  const typeform = (): Delivery => {
    const payload = fixture("typeform-form-response.json").replaceAll(
      "Laura.Diaz@Northwind.example",
      tag("tf.laura@northwind.example"),
    );
    return {
      url: "/webhooks/sources/typeform",
      payload,
      headers: sign.typeform(ENV.TYPEFORM_SECRET, payload),
      emails: [tag("tf.laura@northwind.example")],
    };
  };
  const calendly = (): Delivery => {
    const payload = fixture("calendly-invitee-created.json").replaceAll(
      "laura.diaz@northwind.example",
      tag("cal.laura@northwind.example"),
    );
    return {
      url: "/webhooks/sources/calendly",
      payload,
      headers: sign.calendly(ENV.CALENDLY_SIGNING_KEY, payload, nowSeconds()),
      emails: [tag("cal.laura@northwind.example")],
    };
  };
  const hubspot = (): Delivery => {
    const one = fixture("hubspot-contact-form-submission.json").replaceAll(
      "omar.haddad@contoso.example",
      tag("hs.omar@contoso.example"),
    );
    const two = fixture("hubspot-form-values.json").replaceAll(
      "mei.chen@fabrikam.example",
      tag("hs.mei@fabrikam.example"),
    );
    const payload = `[${one},${two}]`;
    const uri = `${PUBLIC_URL}/webhooks/sources/hubspot`;
    return {
      url: "/webhooks/sources/hubspot",
      payload,
      headers: sign.hubspot(ENV.HUBSPOT_CLIENT_SECRET, "POST", uri, payload, Date.now()),
      emails: [tag("hs.omar@contoso.example"), tag("hs.mei@fabrikam.example")],
    };
  };
  const facebook = (): Delivery => {
    const leadgenId = kind === "pglite" ? "130528934030001" : "130528934030002";
    const payload = fixture("facebook-leadgen.json").replaceAll("130528934038370", leadgenId);
    const graph = fixture("facebook-graph-lead.json")
      .replaceAll("130528934038370", leadgenId)
      .replaceAll("tom.cook@initech.example", tag("fb.tom@initech.example"));
    // Graph answers once: a replay must be answered from what the first delivery stored.
    nock("http://graph.replay.test")
      .get(`/v19.0/${leadgenId}`)
      .query(true)
      .once()
      .reply(200, graph, { "content-type": "application/json" });
    return {
      url: "/webhooks/sources/facebook",
      payload,
      headers: sign.facebook(ENV.FACEBOOK_APP_SECRET, payload),
      emails: [tag("fb.tom@initech.example")],
    };
  };
  return { "/webhooks/leads": leadops, typeform, calendly, hubspot, facebook };
}

describe.each(DB_KINDS)("signed lead deliveries replayed on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    nock.disableNetConnect();
    app = await startTestApp({ kind, env: ENV, rulesYaml: RULES });
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app?.close();
  });

  const send = (d: Delivery) =>
    app.server.inject({
      method: "POST",
      url: d.url,
      payload: d.payload,
      headers: { "content-type": "application/json", ...d.headers },
    });

  /** Everything a delivery could add or change. */
  async function snapshot() {
    const p = app.db.prisma;
    const leads = await p.lead.findMany({ orderBy: { email: "asc" } });
    return JSON.stringify({
      leads: leads.map((l) => [l.email, l.company, l.title, l.totalScore, l.stage, l.updatedAt]),
      events: await p.leadEvent.count(),
      scores: await p.scoreEntry.count(),
      audit: await p.auditLog.count(),
      outbox: await p.outboxMessage.count(),
      transitions: await p.leadTransition.count(),
      outbound: await p.outboundDelivery.count(),
    });
  }

  for (const [route, make] of Object.entries(deliveries(kind))) {
    it(`${route}: the same signed request three times stores once; later replays undo nothing and bring nobody back`, async () => {
      const d = make();
      const first = await send(d);
      expect(first.statusCode, first.body).toBeLessThan(300);
      const stored = await snapshot();
      const replays = [await send(d), await send(d)];
      expect(replays.map((r) => r.statusCode)).toEqual([200, 200]);
      for (const r of replays) expect(r.json()).toEqual(first.json());
      expect(await snapshot()).toBe(stored);

      // A newer delivery (signed afresh) changes the company; the old one replayed keeps it.
      for (const email of d.emails) {
        const update = await postSigned(app.server, "/webhooks/leads", { email, company: "Renamed Corp" });
        expect(update.statusCode).toBe(200);
      }
      const updated = await snapshot();
      expect((await send(d)).statusCode).toBe(200);
      expect(await snapshot()).toBe(updated);
      for (const email of d.emails) {
        expect((await app.db.prisma.lead.findUniqueOrThrow({ where: { email } })).company).toBe(
          "Renamed Corp",
        );
      }

      // The person is forgotten; the replay does not store their email again.
      for (const email of d.emails) {
        await forgetLead({ db: app.db, email, actor: "test", now: new Date() });
      }
      const forgotten = await snapshot();
      expect((await send(d)).statusCode).toBe(200);
      expect(await snapshot()).toBe(forgotten);
      expect(await app.db.prisma.lead.count({ where: { email: { in: d.emails } } })).toBe(0);
    });
  }

  it("stores two copies of one delivery arriving together once", async () => {
    const email = `together+${kind}@acme.example`;
    const payload = JSON.stringify({ email, company: "Acme" });
    const d = {
      url: "/webhooks/leads",
      payload,
      headers: sign.leadops(SECRET, payload, nowSeconds()),
      emails: [email],
    };
    const answers = await Promise.all([send(d), send(d), send(d)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.json().lead.id)).size).toBe(1);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({ where: { email } });
    expect(await app.db.prisma.auditLog.count({ where: { entityId: lead.id, action: "lead.created" } })).toBe(
      1,
    );
  });

  it("shares one signature's memory between /webhooks/leads and /webhooks/events", async () => {
    const email = `both+${kind}@acme.example`;
    const payload = JSON.stringify({ email, type: "email_replied" });
    const headers = sign.leadops(SECRET, payload, nowSeconds());
    expect(
      (
        await app.server.inject({
          method: "POST",
          url: "/webhooks/leads",
          payload,
          headers: { "content-type": "application/json", ...headers },
        })
      ).statusCode,
    ).toBe(201);
    const events = await app.server.inject({
      method: "POST",
      url: "/webhooks/events",
      payload,
      headers: { "content-type": "application/json", ...headers },
    });
    expect(events.statusCode).toBe(200);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({ where: { email } });
    expect(await app.db.prisma.leadEvent.count({ where: { leadId: lead.id } })).toBe(0);
  });
});
