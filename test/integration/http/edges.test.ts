// The HTTP edges against a real listening server: oversized bodies answered with a readable 413,
// trickled bodies cut off, per-address limits before any parsing, trusted proxies, /metrics access.
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJob } from "../../../src/jobs/schedule.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { type AppProcess, startAppProcess } from "../../helpers/process.ts";

async function listen(app: TestApp): Promise<string> {
  return app.server.listen({ port: 0, host: "127.0.0.1" });
}

// The server runs as its own process, as in production: in one process the client and server
// share an event loop and the reset's race rarely shows.
describe("oversized bodies", () => {
  let app: AppProcess;
  let base: string;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "leadops-edges-"));
    app = await startAppProcess({ LEADOPS_DATA_DIR: dataDir }, 60_000);
    base = app.url;
  }, 120_000);
  afterAll(async () => {
    await app.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Before the drain, a Node fetch client saw a connection reset in about half of these.
  it.each([2, 16])(
    "a %i MiB POST is answered 413 and read by a fetch client 100 times out of 100",
    async (mib) => {
      const times = 100;
      const body = Buffer.alloc(mib * 1024 * 1024, "x");
      const statuses: Record<string, number> = {};
      for (let i = 0; i < times; i++) {
        let key: string;
        try {
          const res = await fetch(`${base}/webhooks/leads`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          });
          const json = (await res.json()) as { error: { code: string } };
          key = `${res.status} ${json.error.code}`;
        } catch (err) {
          key = `network error: ${String((err as Error).cause ?? err)}`;
        }
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
      expect(statuses).toEqual({ "413 payload_too_large": times });
    },
    120_000,
  );

  it("an unknown content type gets a readable 415, and a body under the limit still works", async () => {
    const res = await fetch(`${base}/webhooks/leads`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.alloc(2 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    const xml = await fetch(`${base}/webhooks/leads`, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: "<lead/>",
    });
    expect(xml.status).toBe(415);
    const missing = await fetch(`${base}/nope`, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: "<lead/>",
    });
    expect(missing.status).toBe(404);
  });
});

describe("a trickled body", () => {
  let app: TestApp;
  let port: number;
  beforeAll(async () => {
    app = await startTestApp({ kind: "pglite", env: { LEADOPS_REQUEST_TIMEOUT_MS: "1000" } });
    port = Number(new URL(await listen(app)).port);
  });
  afterAll(() => app.close());

  it("is cut off with 408 once the request timeout passes", async () => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let sent = 0;
    socket.on("data", (d) => {
      received += String(d);
    });
    socket.write(
      "POST /webhooks/leads HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
    );
    const drip = setInterval(() => {
      if (socket.writable) {
        socket.write("x");
        sent++;
      }
    }, 200);
    const started = Date.now();
    await new Promise<void>((resolve) => socket.on("close", () => resolve()));
    clearInterval(drip);
    // Without the timeout the connection stays open until the test's own timeout.
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(sent).toBeLessThan(100);
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 15_000);
});

describe("per-address rate limit and trusted proxies", () => {
  const post = (app: TestApp, forwardedFor: string, payload = "not json") =>
    app.server.inject({
      method: "POST",
      url: "/webhooks/leads",
      remoteAddress: "127.0.0.1",
      headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
      payload,
    });

  it("limits per client address before the body is read; proxies' headers ignored by default", async () => {
    const app = await startTestApp({
      kind: "pglite",
      env: { LEADOPS_IP_RATE_LIMIT_PER_MINUTE: "2", LEADOPS_WEBHOOK_SECRET: "s" },
    });
    try {
      expect((await post(app, "203.0.113.1")).statusCode).toBe(401);
      expect((await post(app, "203.0.113.2")).statusCode).toBe(401);
      // A different X-Forwarded-For is not a different client when no proxy is trusted.
      const limited = await post(app, "203.0.113.3", "x".repeat(2 * 1024 * 1024));
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      expect(limited.json().error.code).toBe("rate_limited");
      // Probes and the per-address limit: health checks are never limited.
      expect((await app.server.inject({ url: "/healthz", remoteAddress: "127.0.0.1" })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("with LEADOPS_TRUST_PROXY=1 the forwarded address is the client", async () => {
    const app = await startTestApp({
      kind: "pglite",
      env: { LEADOPS_IP_RATE_LIMIT_PER_MINUTE: "2", LEADOPS_TRUST_PROXY: "1", LEADOPS_WEBHOOK_SECRET: "s" },
    });
    try {
      for (const ip of ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]) {
        expect((await post(app, ip)).statusCode).toBe(401);
      }
      expect((await post(app, "203.0.113.1")).statusCode).toBe(401);
      expect((await post(app, "203.0.113.1")).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});

describe("/metrics", () => {
  it("needs the bearer token when LEADOPS_METRICS_TOKEN is set, and reports the outbox and jobs", async () => {
    const app = await startTestApp({ kind: "pglite", env: { LEADOPS_METRICS_TOKEN: "m-secret" } });
    try {
      expect((await app.server.inject("/metrics")).statusCode).toBe(401);
      const wrong = await app.server.inject({ url: "/metrics", headers: { authorization: "Bearer nope" } });
      expect(wrong.statusCode).toBe(401);
      await app.db.prisma.outboxMessage.create({
        data: { kind: "post", channel: "C1", payload: {}, createdAt: new Date(Date.now() - 90_000) },
      });
      await runJob(app.ctx, { name: "edges-test-job", run: async () => 1 });
      const ok = await app.server.inject({ url: "/metrics", headers: { authorization: "Bearer m-secret" } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toMatch(/^leadops_outbox_backlog 1$/m);
      const age = Number(/^leadops_outbox_oldest_pending_age_seconds (\S+)$/m.exec(ok.body)?.[1]);
      expect(age).toBeGreaterThanOrEqual(89);
      expect(ok.body).toMatch(/^leadops_job_last_success_timestamp_seconds\{job="edges-test-job"\} \d/m);
    } finally {
      await app.close();
    }
  });

  it("moves to its own server with LEADOPS_METRICS_PORT", async () => {
    const app = await startTestApp({ kind: "pglite", env: { LEADOPS_METRICS_PORT: "0" } });
    try {
      expect((await app.server.inject("/metrics")).statusCode).toBe(404);
      const res = await app.metricsServer?.inject("/metrics");
      expect(res?.statusCode).toBe(200);
      expect(res?.body).toContain("leadops_outbox_backlog");
    } finally {
      await app.metricsServer?.close();
      await app.close();
    }
  });
});
