import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { postSigned, SECRET } from "./signed.ts";

const summaryShape = {
  id: expect.any(String),
  email: expect.any(String),
  stage: expect.any(String),
  grade: expect.any(String),
  score: { fit: expect.any(Number), engagement: expect.any(Number), total: expect.any(Number) },
  ownerSlackId: null,
};

describe.each(DB_KINDS)("generic webhooks on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind, env: { LEADOPS_WEBHOOK_SECRET: SECRET } });
  });
  afterAll(() => app.close());

  it("creates a lead (201), then merges an update (200) keeping every field ever given", async () => {
    const first = await postSigned(app.server, "/webhooks/leads", {
      email: "  Ada.Lovelace@Analytical.example ",
      firstName: "Ada",
      company: "Analytical Engines",
      title: "CTO",
      interests: ["pricing", "API"],
      attributes: { utm: { source: "google" }, plan: "free" },
      source: "website",
      occurredAt: "2025-01-02T10:00:00Z",
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ lead: { ...summaryShape, email: "ada.lovelace@analytical.example" } });

    const second = await postSigned(app.server, "/webhooks/leads", {
      email: "ADA.LOVELACE@analytical.example",
      lastName: "Lovelace",
      title: "CEO",
      interests: ["api", "webinars"],
      attributes: { utm: { campaign: "spring" } },
      source: "typeform",
      industry: "Software",
    });
    expect(second.statusCode).toBe(200);
    expect(second.json().lead.id).toBe(first.json().lead.id);

    const lead = await app.db.prisma.lead.findUniqueOrThrow({
      where: { email: "ada.lovelace@analytical.example" },
    });
    expect(lead).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      company: "Analytical Engines",
      title: "CEO",
      industry: "Software",
      domain: "analytical.example",
      source: "website",
      interests: ["pricing", "API", "webinars"],
      attributes: { utm: { source: "google", campaign: "spring" }, plan: "free" },
    });
    expect(lead.occurredAt?.toISOString()).toBe("2025-01-02T10:00:00.000Z");
    expect(await app.db.prisma.lead.count()).toBe(1);

    const updates = await app.db.prisma.auditLog.findMany({
      where: { action: "lead.updated", entityId: lead.id },
    });
    expect(updates).toHaveLength(1);
    expect(updates[0]?.actor).toBe("webhook:leads");
    expect((updates[0]!.data as { changes: Record<string, unknown> }).changes.title).toEqual({
      from: "CTO",
      to: "CEO",
    });
  });

  it("keeps unknown fields in attributes and derives no company domain from free mail", async () => {
    const res = await postSigned(app.server, "/webhooks/leads", {
      email: "grace@gmail.com",
      favouriteColour: "blue",
    });
    expect(res.statusCode).toBe(201);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: "grace@gmail.com" } });
    expect(lead.domain).toBeNull();
    expect(lead.attributes).toEqual({ favouriteColour: "blue" });
  });

  it("records an event once (202), a repeated id replies 200 with the lead unchanged", async () => {
    const event = {
      id: "evt-1",
      type: "page_visited",
      email: "new.person@acme.example",
      occurredAt: "2025-02-01T09:00:00Z",
      properties: { url: "https://acme.example/pricing" },
    };
    const first = await postSigned(app.server, "/webhooks/events", event);
    expect(first.statusCode).toBe(202);
    expect(first.json().lead).toEqual({ ...summaryShape, email: "new.person@acme.example" });
    const again = await postSigned(app.server, "/webhooks/events", event);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await app.db.prisma.leadEvent.count({ where: { externalId: "evt-1" } })).toBe(1);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: "new.person@acme.example" } });
    expect(lead.domain).toBe("acme.example");
  });

  it("answers 404 for an unknown leadId and stores nothing", async () => {
    const res = await postSigned(app.server, "/webhooks/events", {
      id: "evt-404",
      type: "email_opened",
      leadId: "00000000-0000-4000-8000-000000000000",
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
    expect(await app.db.prisma.leadEvent.count({ where: { externalId: "evt-404" } })).toBe(0);
  });

  it("stores exactly one of 10 concurrent identical event deliveries", async () => {
    const event = { id: "evt-race", type: "email_clicked", email: "race@acme.example" };
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => postSigned(app.server, "/webhooks/events", event)),
    );
    const codes = replies.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 202)).toHaveLength(1);
    expect(codes.filter((c) => c === 200)).toHaveLength(9);
    expect(await app.db.prisma.leadEvent.count({ where: { externalId: "evt-race" } })).toBe(1);
    expect(await app.db.prisma.lead.count({ where: { email: "race@acme.example" } })).toBe(1);
    const ids = new Set(replies.map((r) => r.json().lead.id));
    expect(ids.size).toBe(1);
  });

  it("merges 10 concurrent first captures of one email into one lead", async () => {
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        postSigned(app.server, "/webhooks/leads", {
          email: "First@Burst.example",
          interests: [`topic-${i}`],
        }),
      ),
    );
    const codes = replies.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 200)).toHaveLength(9);
    const leads = await app.db.prisma.lead.findMany({ where: { email: "first@burst.example" } });
    expect(leads).toHaveLength(1);
    expect([...(leads[0]?.interests ?? [])].sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `topic-${i}`).sort(),
    );
  });
});
