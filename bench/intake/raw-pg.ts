// The raw-`pg` baseline of bench/intake/leads.ts: what a lead costs with no framework at all. A
// plain node:http server on loopback that does per request what LeadOps does per new lead,
// written the obvious way: read the body, check the X-LeadOps signature (HMAC-SHA256, 5-minute
// window, constant-time compare), JSON.parse, a few-line field check, score in a few `if`s, then
// ONE transaction on a pooled connection (pool of 10, as LeadOps's) writing the same rows LeadOps
// writes for a new lead: the Lead row (scores, grade, stage, rules version included), its
// `lead.created` AuditLog row and its ScoreEntry rows (2–3), i.e. BEGIN + 3 INSERTs + COMMIT;
// answered 201 with the lead's summary. No zod, no Fastify, no group commit, no metrics, no
// state read-back and no routing (new bench leads stay cold, so LeadOps routes none either).
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import http from "node:http";
import pg from "pg";

const FREE_MAIL = new Set(["gmail.com", "yahoo.com", "hotmail.com", "outlook.com"]);

interface Body {
  email?: unknown;
  firstName?: unknown;
  lastName?: unknown;
  company?: unknown;
  title?: unknown;
  companySize?: unknown;
  country?: unknown;
  source?: unknown;
  interests?: unknown;
}

function signatureOk(secret: string, req: http.IncomingMessage, raw: Buffer): boolean {
  const timestamp = String(req.headers["x-leadops-timestamp"] ?? "");
  const signature = String(req.headers["x-leadops-signature"] ?? "");
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const given = Buffer.from(signature.replace(/^sha256=/, ""), "hex");
  const expected = createHmac("sha256", secret).update(`${timestamp}.`).update(raw).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Points as the default rules give a bench lead (business email, company size, title). */
function score(b: Body, domain: string): { rule: string; points: number }[] {
  const entries: { rule: string; points: number }[] = [];
  if (!FREE_MAIL.has(domain)) entries.push({ rule: "business_email", points: 5 });
  const size = Number(b.companySize);
  if (size >= 11 && size <= 50) entries.push({ rule: "company_size_11_50", points: 5 });
  else if (size >= 51) entries.push({ rule: "company_size_51_plus", points: 10 });
  if (typeof b.title === "string" && /\b(CTO|CEO|VP|Head)\b/.test(b.title))
    entries.push({ rule: "decision_maker_title", points: 15 });
  return entries;
}

async function store(pool: pg.Pool, b: Body, email: string): Promise<Record<string, unknown>> {
  const domain = email.split("@")[1] ?? "";
  const entries = score(b, domain);
  const total = entries.reduce((sum, e) => sum + e.points, 0);
  const grade = total >= 60 ? "hot" : total >= 30 ? "warm" : "cold";
  const now = new Date();
  const id = randomUUID();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const inserted = await client.query(
      `INSERT INTO "Lead" (id, email, "firstName", "lastName", company, title, "companySize", country,
         source, interests, domain, "fitScore", "engagementScore", "totalScore", grade, stage, "rulesVersion",
         "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $12, $13, 'lead', 'raw', $14)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [
        id,
        email,
        b.firstName ?? null,
        b.lastName ?? null,
        b.company ?? null,
        b.title ?? null,
        b.companySize ?? null,
        b.country ?? null,
        b.source ?? null,
        Array.isArray(b.interests) ? b.interests : [],
        domain,
        total,
        grade,
        now,
      ],
    );
    if (inserted.rowCount === 1) {
      await client.query(
        `INSERT INTO "AuditLog" (actor, action, entity, "entityId", data)
         VALUES ('webhook:leads', 'lead.created', 'lead', $1, $2)`,
        [id, JSON.stringify({ source: b.source ?? null, fields: Object.keys(b) })],
      );
      await client.query(
        `INSERT INTO "ScoreEntry" (id, "leadId", rule, kind, points, "currentPoints", at)
         SELECT gen_random_uuid(), $1, r.rule, 'fit', r.points, r.points, $4
         FROM unnest($2::text[], $3::float8[]) AS r(rule, points)`,
        [id, entries.map((e) => e.rule), entries.map((e) => e.points), now],
      );
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  return { id, email, stage: "lead", grade, totalScore: total };
}

/** The baseline server; `close()` also ends its pool. */
export function rawPgServer(opts: { databaseUrl: string; secret: string; poolSize?: number }): {
  server: http.Server;
  close(): Promise<void>;
} {
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
  // The scratch database is dropped WITH (FORCE) at the end: a closing client must not crash us.
  pool.on("error", () => {});
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const answer = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (!signatureOk(opts.secret, req, raw)) return answer(401, { error: "invalid_signature" });
      let b: Body;
      try {
        b = JSON.parse(raw.toString("utf8")) as Body;
      } catch {
        return answer(400, { error: "invalid_json" });
      }
      const email = typeof b.email === "string" ? b.email.trim().toLowerCase() : "";
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return answer(400, { error: "invalid_email" });
      store(pool, b, email).then(
        (lead) => answer(201, { lead }),
        () => answer(500, { error: "internal" }),
      );
    });
  });
  return {
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
