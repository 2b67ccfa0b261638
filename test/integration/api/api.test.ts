// The read API, the report route and the inputs route over HTTP, on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerApiRoutes } from "../../../src/api/routes.ts";
import { type FixtureLead, JANUARY_NOW, seedJanuary } from "../../fixtures/reporting/january.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const TOKEN = "test-api-token-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };

describe.each(DB_KINDS)("API on %s", (kind) => {
  let app: TestApp;
  let ids: Record<FixtureLead, string>;
  beforeAll(async () => {
    app = await startTestApp({
      kind,
      env: { LEADOPS_API_TOKEN: TOKEN },
      now: () => JANUARY_NOW,
      routes: [registerApiRoutes],
    });
    ids = await seedJanuary(app.db);
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = auth) =>
    app.server.inject({ method: "GET", url, headers });
  const post = (url: string, body: unknown, headers: Record<string, string> = auth) =>
    app.server.inject({
      method: "POST",
      url,
      headers: { ...headers, "content-type": "application/json" },
      payload: JSON.stringify(body),
    });

  describe("auth", () => {
    it.each([
      ["GET", "/api/report"],
      ["GET", "/api/leads"],
      ["GET", "/api/leads/00000000-0000-4000-8000-000000000000"],
      ["POST", "/api/inputs"],
    ])("refuses %s %s without a valid bearer token", async (method, url) => {
      for (const headers of [{}, { authorization: "Bearer wrong" }, { authorization: TOKEN }]) {
        const res = await app.server.inject({ method: method as "GET", url, headers });
        expect(res.statusCode).toBe(401);
        expect(res.headers["www-authenticate"]).toContain("Bearer");
        expect(res.json()).toEqual({
          error: { code: "unauthorized", message: expect.any(String), details: [] },
        });
      }
    });

    it("refuses everything when no token is configured", async () => {
      const closed = await startTestApp({ kind, routes: [registerApiRoutes] });
      try {
        const res = await closed.server.inject({ method: "GET", url: "/api/leads", headers: auth });
        expect(res.statusCode).toBe(503);
        expect(res.json().error.code).toBe("api_disabled");
        expect(res.json().error.message).toContain("LEADOPS_API_TOKEN");
      } finally {
        await closed.close();
      }
    });
  });

  describe("GET /api/report", () => {
    it("returns the report for from/to and by", async () => {
      const res = await get("/api/report?from=2025-01-01&to=2025-02-01&by=rep");
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.by).toBe("rep");
      expect(body.totals).toMatchObject({ leads: 5, wins: 4, totalSales: 6600, costPerLead: 850 });
      expect(body.groups.map((g: { key: string | null }) => g.key)).toEqual([
        "U0ANN",
        "U0BOB",
        null,
        "U0CAT",
      ]);
      expect(body.generatedAt).toBe(JANUARY_NOW.toISOString());
    });

    it("reads the period in the given time zone", async () => {
      const res = await get("/api/report?from=2025-01-01&to=2025-02-01&tz=America/New_York");
      expect(res.json().period).toMatchObject({
        from: "2025-01-01T05:00:00.000Z",
        timeZone: "America/New_York",
      });
      // L7 (Feb 1 00:30 UTC) is January 31 in New York.
      expect(res.json().totals.leads).toBe(6);
    });

    it("answers 400 naming the bad field", async () => {
      const cases: [string, string][] = [
        ["/api/report?by=planet", "by"],
        ["/api/report?from=2025-01-01", "to"],
        ["/api/report?from=yesterday&to=2025-01-01", "from"],
        ["/api/report?period=month&tz=Nowhere/City", "tz"],
        ["/api/report?colour=red", ""],
      ];
      for (const [url, field] of cases) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(400);
        const details = res.json().error.details as { field?: string }[];
        if (field) expect(details.map((d) => d.field)).toContain(field);
      }
    });
  });

  describe("POST /api/inputs", () => {
    it("upserts one input or a list by source and period", async () => {
      const one = await post("/api/inputs", {
        source: "linkedin",
        periodStart: "2025-01-01",
        periodEnd: "2025-01-31",
        spend: 300.5,
        currency: "eur",
      });
      expect(one.statusCode).toBe(200);
      expect(one.json()).toEqual({
        created: 1,
        updated: 0,
        unchanged: 0,
        inputs: [
          {
            source: "linkedin",
            periodStart: "2025-01-01",
            periodEnd: "2025-01-31",
            spend: 300.5,
            currency: "EUR",
            visitors: null,
          },
        ],
      });
      // Visitors only: the stored spend stays.
      const list = await post("/api/inputs", [
        { source: "linkedin", periodStart: "2025-01-01", periodEnd: "2025-01-31", visitors: 1000 },
        { source: "linkedin", periodStart: "2025-02-01", periodEnd: "2025-02-28", spend: 0 },
      ]);
      expect(list.json()).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
      expect(list.json().inputs[0]).toMatchObject({ spend: 300.5, currency: "EUR", visitors: 1000 });
      // The same again changes nothing.
      const again = await post("/api/inputs", [
        { source: "linkedin", periodStart: "2025-01-01", periodEnd: "2025-01-31", visitors: 1000 },
        { source: "linkedin", periodStart: "2025-02-01", periodEnd: "2025-02-28", spend: 0 },
      ]);
      expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
      const rows = await app.db.prisma.sourceInput.count({ where: { source: "linkedin" } });
      expect(rows).toBe(2);
      const report = await get("/api/report?from=2025-01-01&to=2025-02-01&by=source");
      const linkedin = report.json().sources.find((s: { source: string }) => s.source === "linkedin");
      expect(linkedin).toMatchObject({
        leads: 0,
        spend: 300.5,
        visitors: 1000,
        optInRatePct: 0,
        costPerLead: null,
      });
      await app.db.prisma.sourceInput.deleteMany({ where: { source: "linkedin" } });
    });

    it("answers 400 with a detail per bad field", async () => {
      const res = await post("/api/inputs", [
        {
          source: "",
          periodStart: "2025-13-01",
          periodEnd: "2025-01-31",
          spend: -1,
          visitors: 1.5,
          currency: "dollars",
        },
        { source: "x", periodStart: "2025-02-01", periodEnd: "2025-01-31", spend: 1, extra: true },
      ]);
      expect(res.statusCode).toBe(400);
      const fields = (res.json().error.details as { field: string }[]).map((d) => d.field).sort();
      expect(fields).toEqual(
        expect.arrayContaining([
          "0.source",
          "0.periodStart",
          "0.spend",
          "0.visitors",
          "0.currency",
          "1.periodEnd",
          "1",
        ]),
      );
      const none = await post("/api/inputs", {
        source: "x",
        periodStart: "2025-01-01",
        periodEnd: "2025-01-31",
      });
      expect(none.statusCode).toBe(400);
      expect(none.json().error.details).toEqual([
        { field: "spend", message: "give spend, visitors or both" },
      ]);
      const text = await app.server.inject({
        method: "POST",
        url: "/api/inputs",
        headers: { ...auth, "content-type": "text/plain" },
        payload: "hi",
      });
      expect(text.statusCode).toBe(415);
      const broken = await app.server.inject({
        method: "POST",
        url: "/api/inputs",
        headers: { ...auth, "content-type": "application/json" },
        payload: "{",
      });
      expect(broken.statusCode).toBe(400);
      expect(await app.db.prisma.sourceInput.count({ where: { source: "x" } })).toBe(0);
    });
  });

  describe("GET /api/leads", () => {
    it("lists newest first and filters", async () => {
      const all = await get("/api/leads");
      expect(all.statusCode).toBe(200);
      const emails = all.json().leads.map((l: { email: string }) => l.email);
      expect(emails).toEqual([
        "l7@example.com",
        "l4@example.com",
        "l5@example.com",
        "l3@example.com",
        "l2@example.com",
        "l1@example.com",
        "l6@example.com",
      ]);
      expect(all.json().nextCursor).toBeNull();
      expect(all.json().leads[0]).toMatchObject({
        id: ids.L7,
        stage: "sql",
        ownerSlackId: "U0ANN",
        score: { fit: 0, engagement: 0, total: 0 },
        createdAt: "2025-02-01T00:30:00.000Z",
      });

      const pick = async (query: string) =>
        (await get(`/api/leads?${query}`)).json().leads.map((l: { email: string }) => l.email);
      expect(await pick("email=L3@Example.com")).toEqual(["l3@example.com"]);
      expect(await pick("stage=customer")).toEqual(["l3@example.com", "l1@example.com", "l6@example.com"]);
      expect(await pick("owner=U0BOB")).toEqual(["l5@example.com", "l2@example.com", "l6@example.com"]);
      expect(await pick("segment=smb")).toEqual(["l5@example.com", "l3@example.com"]);
      expect(await pick("grade=hot")).toEqual([]);
      expect(await pick("owner=U0BOB&stage=mql")).toEqual(["l2@example.com"]);
    });

    it("pages with an opaque keyset cursor", async () => {
      // Two leads created at the same instant: the id breaks the tie.
      const same = new Date("2025-01-18T00:00:00Z");
      await app.db.prisma.lead.createMany({
        data: [
          { email: "tie1@example.com", createdAt: same },
          { email: "tie2@example.com", createdAt: same },
        ],
      });
      const full = (await get("/api/leads?limit=500")).json().leads.map((l: { id: string }) => l.id);
      expect(full).toHaveLength(9);
      const paged: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(`/api/leads?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        expect(res.statusCode).toBe(200);
        paged.push(...res.json().leads.map((l: { id: string }) => l.id));
        cursor = res.json().nextCursor;
        pages++;
      } while (cursor);
      expect(paged).toEqual(full);
      expect(pages).toBe(5);
      await app.db.prisma.lead.deleteMany({ where: { email: { startsWith: "tie" } } });
    });

    it("answers 400 for a bad limit or cursor", async () => {
      for (const q of [
        "limit=0",
        "limit=501",
        "limit=ten",
        "cursor=nonsense",
        "stage=hotdog",
        "colour=red",
      ]) {
        const res = await get(`/api/leads?${q}`);
        expect(res.statusCode, q).toBe(400);
        expect(res.json().error.details.length, q).toBeGreaterThan(0);
      }
    });
  });

  describe("GET /api/leads/:id", () => {
    it("returns the lead with receipt, events, assignments, qualifications and history", async () => {
      const p = app.db.prisma;
      const event = await p.leadEvent.findFirstOrThrow({ where: { leadId: ids.L1, type: "email_opened" } });
      await p.scoreEntry.createMany({
        data: [
          {
            leadId: ids.L1,
            rule: "email_opened",
            kind: "engagement",
            points: 5,
            currentPoints: 2.5,
            eventId: event.id,
            at: event.occurredAt,
          },
          {
            leadId: ids.L1,
            rule: "title_vp",
            kind: "fit",
            points: 20,
            currentPoints: 20,
            at: new Date("2025-01-05T10:00:00Z"),
          },
        ],
      });
      await p.qualification.create({
        data: {
          leadId: ids.L1,
          framework: "champ",
          answers: { challenges: "slow follow-up" },
          byUserId: "U0ANN",
          qualified: true,
          points: 15,
        },
      });
      await p.leadTransition.create({
        data: {
          leadId: ids.L1,
          field: "stage",
          from: "lead",
          to: "mql",
          reason: "score 30",
          at: new Date("2025-01-06T00:00:00Z"),
        },
      });
      await p.auditLog.create({
        data: {
          actor: "U0ANN",
          action: "lead.claimed",
          entity: "lead",
          entityId: ids.L1,
          at: new Date("2025-01-05T10:05:00Z"),
        },
      });

      const res = await get(`/api/leads/${ids.L1}`);
      expect(res.statusCode).toBe(200);
      const { lead } = res.json();
      expect(lead).toMatchObject({
        id: ids.L1,
        email: "l1@example.com",
        stage: "customer",
        segments: ["enterprise"],
      });
      expect(lead.receipt).toEqual([
        {
          rule: "title_vp",
          kind: "fit",
          points: 20,
          currentPoints: 20,
          eventId: null,
          at: "2025-01-05T10:00:00.000Z",
        },
        {
          rule: "email_opened",
          kind: "engagement",
          points: 5,
          currentPoints: 2.5,
          eventId: event.id,
          at: "2025-01-09T00:00:00.000Z",
        },
      ]);
      expect(lead.events.map((e: { type: string }) => e.type)).toEqual(["trial_started", "email_opened"]);
      expect(lead.assignments).toEqual([
        expect.objectContaining({
          repSlackId: "U0ANN",
          method: "claim",
          createdAt: "2025-01-05T10:05:00.000Z",
        }),
      ]);
      expect(lead.qualifications).toEqual([
        expect.objectContaining({
          framework: "champ",
          qualified: true,
          answers: { challenges: "slow follow-up" },
        }),
      ]);
      expect(lead.outcomes).toEqual([
        expect.objectContaining({ kind: "won", amount: 1000, currency: "USD" }),
      ]);
      expect(lead.history).toEqual([
        { type: "audit", at: "2025-01-05T10:05:00.000Z", action: "lead.claimed", actor: "U0ANN", data: null },
        {
          type: "transition",
          at: "2025-01-06T00:00:00.000Z",
          field: "stage",
          from: "lead",
          to: "mql",
          reason: "score 30",
          actor: "system",
        },
      ]);
    });

    it("answers 404 for an unknown or malformed id", async () => {
      for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "1%20OR%201=1"]) {
        const res = await get(`/api/leads/${id}`);
        expect(res.statusCode, id).toBe(404);
        expect(res.json().error.code).toBe("not_found");
      }
    });
  });

  it("never logs personal data", () => {
    const logs = app.logs.join("\n");
    expect(logs).not.toContain("example.com");
    expect(logs).not.toContain(TOKEN);
  });
});
