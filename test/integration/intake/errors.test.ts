import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { nowSeconds, postSigned, SECRET } from "./signed.ts";

const errorShape = (code: string) => ({
  error: { code, message: expect.any(String), details: expect.any(Array) },
});

async function stored(app: TestApp) {
  const [leads, events] = await Promise.all([app.db.prisma.lead.count(), app.db.prisma.leadEvent.count()]);
  return { leads, events };
}

describe.each(DB_KINDS)("intake errors on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      kind,
      env: { LEADOPS_WEBHOOK_SECRET: SECRET },
      // The generic webhooks share the `webhook` bucket; a tiny limit for the typeform source.
      rulesYaml: "sources:\n  typeform:\n    secret: tf-secret\n    rateLimitPerMinute: 2\n",
    });
  });
  afterAll(() => app.close());

  it("400 names each invalid field and stores nothing", async () => {
    const res = await postSigned(app.server, "/webhooks/leads", {
      email: "not-an-email",
      companySize: -3,
      funnelStage: "sideways",
      occurredAt: "yesterday",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(errorShape("invalid_input"));
    const fields = res
      .json()
      .error.details.map((d: { field: string }) => d.field)
      .sort();
    expect(fields).toEqual(["companySize", "email", "funnelStage", "occurredAt"]);
    expect(await stored(app)).toEqual({ leads: 0, events: 0 });
  });

  it("400 for an event without email or leadId, a bad leadId, or a missing type", async () => {
    const res = await postSigned(app.server, "/webhooks/events", { id: "x", leadId: "nope" });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["type", "leadId"]));
    expect(await stored(app)).toEqual({ leads: 0, events: 0 });
  });

  it("400 for bad JSON and for a JSON value that is not an object", async () => {
    const bad = await postSigned(app.server, "/webhooks/leads", "{ nope");
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual(errorShape("invalid_json"));
    const array = await postSigned(app.server, "/webhooks/leads", "[1,2]");
    expect(array.statusCode).toBe(400);
    expect(array.json()).toEqual(errorShape("invalid_input"));
  });

  it("401 for a missing, wrong or stale signature", async () => {
    const body = JSON.stringify({ email: "sig@acme.example" });
    const missing = await app.server.inject({
      method: "POST",
      url: "/webhooks/leads",
      payload: body,
      headers: { "content-type": "application/json" },
    });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual(errorShape("invalid_signature"));
    const wrong = await postSigned(app.server, "/webhooks/leads", body, { secret: "other" });
    expect(wrong.statusCode).toBe(401);
    const stale = await postSigned(app.server, "/webhooks/leads", body, { timestamp: nowSeconds() - 301 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.message).toMatch(/5 minutes/);
    const future = await postSigned(app.server, "/webhooks/leads", body, { timestamp: nowSeconds() + 301 });
    expect(future.statusCode).toBe(401);
    // The signature covers the exact bytes: re-serialised JSON does not verify.
    const tampered = await postSigned(app.server, "/webhooks/leads", body, {
      headers: { "x-leadops-signature": `sha256=${"0".repeat(64)}` },
    });
    expect(tampered.statusCode).toBe(401);
    expect(await stored(app)).toEqual({ leads: 0, events: 0 });
  });

  it("413 for a body over 1 MiB", async () => {
    const body = JSON.stringify({ email: "big@acme.example", attributes: { blob: "x".repeat(1024 * 1024) } });
    const res = await postSigned(app.server, "/webhooks/leads", body);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual(errorShape("payload_too_large"));
    expect(await stored(app)).toEqual({ leads: 0, events: 0 });
  });

  it("415 for a body that is not JSON", async () => {
    const res = await postSigned(app.server, "/webhooks/leads", "email=a@b.example", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual(errorShape("unsupported_media_type"));
    const xml = await postSigned(app.server, "/webhooks/leads", "<lead/>", {
      headers: { "content-type": "application/xml" },
    });
    expect(xml.statusCode).toBe(415);
    expect(await stored(app)).toEqual({ leads: 0, events: 0 });
  });

  it("429 with Retry-After once a source exceeds its rate limit, storing nothing", async () => {
    const { sign } = await import("../../../src/intake/signatures.ts");
    const send = (i: number) => {
      const body = JSON.stringify({
        event_type: "form_response",
        form_response: {
          form_id: "f",
          token: `t${i}`,
          answers: [],
          hidden: { email: `rl${i}@acme.example` },
        },
      });
      return app.server.inject({
        method: "POST",
        url: "/webhooks/sources/typeform",
        payload: body,
        headers: { "content-type": "application/json", ...sign.typeform("tf-secret", body) },
      });
    };
    expect((await send(1)).statusCode).toBe(201);
    expect((await send(2)).statusCode).toBe(201);
    const limited = await send(3);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual(errorShape("rate_limited"));
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(await app.db.prisma.lead.count({ where: { email: "rl3@acme.example" } })).toBe(0);
  });

  it("never answers 5xx for generated bodies, signed correctly", async () => {
    const leadLike = fc.record(
      {
        email: fc.oneof(fc.emailAddress(), fc.string(), fc.constant("A@B.CO"), fc.integer()),
        firstName: fc.oneof(fc.string(), fc.constant("\u0000"), fc.integer(), fc.constant(null)),
        companySize: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(2 ** 40)),
        annualRevenue: fc.oneof(fc.double(), fc.string()),
        interests: fc.oneof(fc.array(fc.string()), fc.string(), fc.array(fc.integer())),
        attributes: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())),
        occurredAt: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string(),
        ),
        funnelStage: fc.oneof(fc.constantFrom("top", "middle", "bottom"), fc.string()),
        consent: fc.oneof(fc.boolean(), fc.string()),
      },
      { requiredKeys: [] },
    );
    const eventLike = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer(), fc.double()),
        type: fc.oneof(fc.constantFrom("page_visited", "purchase"), fc.string()),
        email: fc.oneof(fc.emailAddress(), fc.string()),
        leadId: fc.oneof(fc.uuid(), fc.string()),
        occurredAt: fc.string(),
        properties: fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())),
      },
      { requiredKeys: [] },
    );
    const anyBody = fc.oneof(
      leadLike.map((b) => ["/webhooks/leads", JSON.stringify(b)] as const),
      eventLike.map((b) => ["/webhooks/events", JSON.stringify(b)] as const),
      fc.jsonValue().map((v) => ["/webhooks/leads", JSON.stringify(v) ?? "null"] as const),
      fc.string().map((s) => ["/webhooks/events", s] as const),
    );
    await fc.assert(
      fc.asyncProperty(anyBody, async ([url, body]) => {
        const res = await postSigned(app.server, url, body);
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json().error.code).toEqual(expect.any(String));
      }),
      { numRuns: 150 },
    );
  });
});

describe("intake without secrets", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind: "pglite" });
  });
  afterAll(() => app.close());

  it("refuses every webhook (503 source_not_configured), never open", async () => {
    for (const url of [
      "/webhooks/leads",
      "/webhooks/events",
      "/webhooks/sources/typeform",
      "/webhooks/sources/hubspot",
    ]) {
      const res = await postSigned(app.server, url, { email: "open@acme.example", type: "x" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual(errorShape("source_not_configured"));
    }
    expect(await stored(app)).toEqual({ leads: 0, events: 0 });
  });

  it("answers 404 for an unknown source", async () => {
    const res = await postSigned(app.server, "/webhooks/sources/myspace", {});
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(errorShape("unknown_source"));
  });
});
