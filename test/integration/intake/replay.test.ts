// Each signed delivery is accepted once: the same signed request sent again inside the replay
// window (a captured request replayed, or a sender retrying with the same signature) is answered
// 200 with the lead and counts nothing; the same event re-signed later is a new delivery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sign } from "../../../src/intake/signatures.ts";
import { run as purgeDeliveries } from "../../../src/jobs/delivery-purge.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { nowSeconds, SECRET } from "./signed.ts";

describe.each(DB_KINDS)("signed event replays on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind, env: { LEADOPS_WEBHOOK_SECRET: SECRET } });
  });
  afterAll(() => app.close());

  const deliver = (payload: string, headers: Record<string, string>) =>
    app.server.inject({
      method: "POST",
      url: "/webhooks/events",
      payload,
      headers: { "content-type": "application/json", ...headers },
    });

  it("counts a replayed event (no id) once, also when the replays arrive together", async () => {
    const payload = JSON.stringify({ type: "email_replied", email: "replayed@acme.example" });
    const headers = sign.leadops(SECRET, payload, nowSeconds());
    const first = await deliver(payload, headers);
    expect(first.statusCode).toBe(202);
    const replays = await Promise.all([1, 2, 3].map(() => deliver(payload, headers)));
    expect(replays.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    for (const r of replays) expect(r.json()).toEqual(first.json());

    const lead = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: "replayed@acme.example" } });
    expect(await app.db.prisma.leadEvent.count({ where: { leadId: lead.id } })).toBe(1);
    expect(lead.engagementScore).toBe(first.json().lead.score.engagement);
  });

  it("counts the same event body again when it is signed again (a new delivery)", async () => {
    const payload = JSON.stringify({ type: "page_visited", email: "twice@acme.example" });
    const a = await deliver(payload, sign.leadops(SECRET, payload, nowSeconds() - 1));
    const b = await deliver(payload, sign.leadops(SECRET, payload, nowSeconds()));
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    const lead = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: "twice@acme.example" } });
    expect(await app.db.prisma.leadEvent.count({ where: { leadId: lead.id } })).toBe(2);
  });

  it("forgets deliveries once their signatures are stale", async () => {
    const payload = JSON.stringify({ type: "page_visited", email: "purged@acme.example" });
    await deliver(payload, sign.leadops(SECRET, payload, nowSeconds()));
    const remembered = await app.db.prisma.signedDelivery.count();
    expect(remembered).toBeGreaterThan(0);
    expect(await purgeDeliveries(app.ctx, new Date())).toEqual({ purged: 0 });
    const later = new Date(Date.now() + 30 * 60_000);
    expect(await purgeDeliveries(app.ctx, later)).toEqual({ purged: remembered });
  });
});
