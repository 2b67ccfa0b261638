import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { calendlySchema, mapCalendly } from "../../../src/intake/sources/calendly.ts";
import {
  facebookSchema,
  graphLeadSchema,
  leadgenChanges,
  mapFacebookLead,
} from "../../../src/intake/sources/facebook.ts";
import { hubspotProperties, mapHubspotItem } from "../../../src/intake/sources/hubspot.ts";
import { mapTypeform, typeformSchema } from "../../../src/intake/sources/typeform.ts";

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/webhooks/${name}`, import.meta.url), "utf8"));

describe("source mappings", () => {
  it("typeform without a fieldMap takes the email-type answer and refs named like lead fields", () => {
    const m = mapTypeform(typeformSchema.parse(fixture("typeform-form-response.json")));
    expect(m.kind).toBe("lead");
    if (m.kind !== "lead") return;
    expect(m.lead).toMatchObject({
      email: "Laura.Diaz@Northwind.example",
      source: "typeform",
      campaign: "spring-webinar",
    });
    expect(m.events[0]).toMatchObject({
      externalId: "typeform:a3a12ec67a1365927098a606107fac15",
      type: "form_submitted",
    });
  });
  it("typeform ignores other event types", () => {
    const body = { ...fixture("typeform-form-response.json"), event_type: "form_partial_response" };
    expect(mapTypeform(typeformSchema.parse(body)).kind).toBe("ignored");
  });
  it("calendly maps the two invitee events and ignores the rest", () => {
    const created = mapCalendly(calendlySchema.parse(fixture("calendly-invitee-created.json")));
    const canceled = mapCalendly(calendlySchema.parse(fixture("calendly-invitee-canceled.json")));
    expect(created.kind === "lead" && created.events[0]?.type).toBe("appointment_booked");
    expect(canceled.kind === "lead" && canceled.events[0]?.type).toBe("appointment_canceled");
    expect(created.kind === "lead" && canceled.kind === "lead" && created.events[0]?.externalId).not.toBe(
      canceled.kind === "lead" ? canceled.events[0]?.externalId : "",
    );
    const other = { ...fixture("calendly-invitee-created.json"), event: "routing_form_submission.created" };
    expect(mapCalendly(calendlySchema.parse(other)).kind).toBe("ignored");
  });
  it("hubspot reads contact, values and flat shapes", () => {
    expect(hubspotProperties({ email: "a@b.example", firstname: "A" })).toEqual([
      ["email", "a@b.example"],
      ["firstname", "A"],
    ]);
    const m = mapHubspotItem(fixture("hubspot-contact-form-submission.json"), {
      hs_lead_status: "seniority",
    });
    expect(m.kind === "lead" && m.lead).toMatchObject({
      seniority: "NEW",
      companySize: 201,
      lastName: "Haddad",
    });
  });
  it("facebook lists leadgen changes and maps field_data with ad and form ids", () => {
    const changes = leadgenChanges(facebookSchema.parse(fixture("facebook-leadgen.json")));
    expect(changes).toEqual([
      expect.objectContaining({
        leadgenId: "130528934038370",
        formId: "129595594131704",
        adId: "120210000000000001",
      }),
    ]);
    const m = mapFacebookLead(changes[0]!, graphLeadSchema.parse(fixture("facebook-graph-lead.json")));
    expect(m.kind === "lead" && m.lead).toMatchObject({
      email: "tom.cook@initech.example",
      name: "Tom Cook",
      source: "facebook",
      occurredAt: "2025-03-06T10:19:59.000Z",
    });
  });
});
