// Intake routes: each one is verify signature → rate limit → zod-parse → one domain call.
// A request refused at any step stores nothing. Order: a missing secret (503, see below), wrong
// content type (415), bad signature (401), rate limit (429, after the signature so strangers
// cannot spend a sender's allowance), bad JSON or fields (400).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../context.ts";
import { CaptureBatcher } from "../flows/capture-batcher.ts";
import { recordEvent } from "../flows/record-event.ts";
import { jsonBody } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { eventsRecorded, leadsCaptured } from "../observability/metrics.ts";
import { DEFAULT_RATE_LIMIT_PER_MINUTE, RateLimiter } from "./rate-limit.ts";
import { parseEventBody, parseLeadBody, parseLeadLenient, storableJson } from "./schemas.ts";
import {
  safeEqual,
  type Verdict,
  verifyCalendly,
  verifyFacebook,
  verifyHubspot,
  verifyLeadOps,
  verifyTypeform,
} from "./signatures.ts";
import { calendlySchema, mapCalendly } from "./sources/calendly.ts";
import { facebookSchema, fetchGraphLead, leadgenChanges, mapFacebookLead } from "./sources/facebook.ts";
import { hubspotSchema, mapHubspotItem } from "./sources/hubspot.ts";
import { mapTypeform, type SourceMapping, typeformSchema } from "./sources/typeform.ts";

export const SOURCES = ["typeform", "calendly", "hubspot", "facebook"] as const;
export type SourceName = (typeof SOURCES)[number] | "webhook";

/** A source's secret: the environment variable first, else `sources.<name>.secret` in leadops.yml. */
export function sourceSecret(ctx: Pick<AppContext, "env" | "rules">, source: SourceName): string | undefined {
  const env = ctx.env;
  const fromEnv = {
    webhook: env.LEADOPS_WEBHOOK_SECRET,
    typeform: env.TYPEFORM_SECRET,
    calendly: env.CALENDLY_SIGNING_KEY,
    hubspot: env.HUBSPOT_CLIENT_SECRET,
    facebook: env.FACEBOOK_APP_SECRET,
  }[source];
  return fromEnv ?? (ctx.rules.sources[source]?.secret || undefined);
}

const ENV_NAMES: Record<SourceName, string> = {
  webhook: "LEADOPS_WEBHOOK_SECRET",
  typeform: "TYPEFORM_SECRET",
  calendly: "CALENDLY_SIGNING_KEY",
  hubspot: "HUBSPOT_CLIENT_SECRET",
  facebook: "FACEBOOK_APP_SECRET",
};

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The full URL HubSpot signed: LEADOPS_PUBLIC_URL (behind a proxy) or rebuilt from the request. */
export function publicUri(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return `${publicUrl.replace(/\/+$/, "")}${req.url}`;
  return `${req.protocol}://${req.host}${req.url}`;
}

// Metric labels must stay few: event types outside the contract's list count as "other".
const KNOWN_TYPES = new Set([
  "subscribed",
  "unsubscribed",
  "email_opened",
  "email_clicked",
  "email_replied",
  "page_visited",
  "appointment_booked",
  "appointment_canceled",
  "trial_started",
  "form_submitted",
  "chat_started",
  "purchase",
]);
const metricType = (type: string) => (KNOWN_TYPES.has(type) ? type : "other");

export function registerIntakeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limiter = new RateLimiter();
  const captures = new CaptureBatcher(ctx);
  const nowMs = () => ctx.now().getTime();

  /** The checks every intake request passes before its body is read. */
  function admit(
    req: FastifyRequest,
    source: SourceName,
    verify: (secret: string, body: Buffer) => Verdict,
  ): unknown {
    const secret = sourceSecret(ctx, source);
    if (!secret) {
      // Refused, never open. 503 rather than 401: the fault is ours, and providers retry 5xx,
      // so leads sent before the secret is configured still arrive once it is.
      throw new HttpError(
        503,
        "source_not_configured",
        `No secret is configured for ${source}: set ${ENV_NAMES[source]} or sources.${source}.secret in leadops.yml`,
        [],
        { "Retry-After": "60" },
      );
    }
    const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
    if (!contentType.startsWith("application/json")) {
      throw new HttpError(415, "unsupported_media_type", "Content-Type must be application/json");
    }
    const verdict = verify(secret, req.rawBody ?? Buffer.alloc(0));
    if (!verdict.ok) {
      throw new HttpError(401, "invalid_signature", verdict.message, [{ message: verdict.reason }]);
    }
    const limit = ctx.rules.sources[source]?.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
    const taken = limiter.take(source, limit, nowMs());
    if (!taken.ok) {
      throw new HttpError(
        429,
        "rate_limited",
        `More than ${limit} requests per minute from ${source}; retry later`,
        [],
        { "Retry-After": String(taken.retryAfterSeconds) },
      );
    }
    return storableJson(jsonBody(req));
  }

  const leadOps = (req: FastifyRequest) => (secret: string, body: Buffer) =>
    verifyLeadOps({
      secret,
      timestamp: header(req, "x-leadops-timestamp"),
      signature: header(req, "x-leadops-signature"),
      body,
      nowMs: nowMs(),
    });

  app.post("/webhooks/leads", async (req, reply) => {
    const input = parseLeadBody(admit(req, "webhook", leadOps(req)));
    const result = await captures.capture({ input, actor: "webhook:leads" });
    leadsCaptured.inc({ source: "webhook", result: result.created ? "created" : "updated" });
    reply.code(result.created ? 201 : 200).send({ lead: result.lead });
  });

  app.post("/webhooks/events", async (req, reply) => {
    const { target, event } = parseEventBody(admit(req, "webhook", leadOps(req)));
    const result = await recordEvent({ ctx, target, event, actor: "webhook:events" });
    eventsRecorded.inc({ type: metricType(event.type), result: result.duplicate ? "duplicate" : "recorded" });
    reply.code(result.duplicate ? 200 : 202).send({ lead: result.lead });
  });

  const fieldMap = (source: SourceName) => ctx.rules.sources[source]?.fieldMap;

  /** Validates every lead of a delivery before storing any, so a refused delivery stores nothing. */
  function prepare(mappings: SourceMapping[]) {
    return mappings.map((m) =>
      m.kind === "ignored" ? m : { kind: "lead" as const, input: parseLeadLenient(m.lead), events: m.events },
    );
  }

  async function captureMapped(source: SourceName, mapping: ReturnType<typeof prepare>[number]) {
    if (mapping.kind === "ignored") return { ignored: mapping.reason };
    const { input, events } = mapping;
    const result = await captures.capture({ input, events, actor: `webhook:${source}` });
    leadsCaptured.inc({ source, result: result.created ? "created" : "updated" });
    if (result.events.recorded > 0)
      eventsRecorded.inc({ type: "source", result: "recorded" }, result.events.recorded);
    if (result.events.duplicates > 0) {
      eventsRecorded.inc({ type: "source", result: "duplicate" }, result.events.duplicates);
    }
    return result;
  }

  async function replyMapped(reply: FastifyReply, source: SourceName, mapping: SourceMapping) {
    const [prepared] = prepare([mapping]);
    const result = await captureMapped(source, prepared!);
    if ("ignored" in result) return reply.code(200).send({ ignored: true, reason: result.ignored });
    return reply.code(result.created ? 201 : 200).send({ lead: result.lead });
  }

  app.post<{ Params: { source: string } }>("/webhooks/sources/:source", async (req, reply) => {
    const source = req.params.source;
    switch (source) {
      case "typeform": {
        const body = admit(req, source, (secret, raw) =>
          verifyTypeform({ secret, signature: header(req, "typeform-signature"), body: raw }),
        );
        return replyMapped(reply, source, mapTypeform(typeformSchema.parse(body), fieldMap(source)));
      }
      case "calendly": {
        const body = admit(req, source, (secret, raw) =>
          verifyCalendly({
            secret,
            header: header(req, "calendly-webhook-signature"),
            body: raw,
            nowMs: nowMs(),
          }),
        );
        return replyMapped(reply, source, mapCalendly(calendlySchema.parse(body), fieldMap(source)));
      }
      case "hubspot": {
        const body = admit(req, source, (secret, raw) =>
          verifyHubspot({
            secret,
            signature: header(req, "x-hubspot-signature-v3"),
            timestamp: header(req, "x-hubspot-request-timestamp"),
            method: req.method,
            uri: publicUri(req, ctx.env.LEADOPS_PUBLIC_URL),
            body: raw,
            nowMs: nowMs(),
          }),
        );
        const parsed = hubspotSchema.parse(body);
        if (!Array.isArray(parsed))
          return replyMapped(reply, source, mapHubspotItem(parsed, fieldMap(source)));
        const leads = [];
        for (const item of prepare(parsed.map((i) => mapHubspotItem(i, fieldMap(source))))) {
          const result = await captureMapped(source, item);
          if (!("ignored" in result)) leads.push(result.lead);
        }
        return reply.code(200).send({ leads });
      }
      case "facebook":
        return facebookDelivery(req, reply);
      default:
        throw new HttpError(404, "unknown_source", `Unknown source ${source}; one of ${SOURCES.join(", ")}`);
    }
  });

  async function facebookDelivery(req: FastifyRequest, reply: FastifyReply) {
    const body = admit(req, "facebook", (secret, raw) =>
      verifyFacebook({ secret, signature: header(req, "x-hub-signature-256"), body: raw }),
    );
    const changes = leadgenChanges(facebookSchema.parse(body));
    const token = ctx.env.FACEBOOK_PAGE_TOKEN;
    if (changes.length > 0 && !token) {
      throw new HttpError(503, "source_not_configured", "FACEBOOK_PAGE_TOKEN is needed to read leads", [], {
        "Retry-After": "60",
      });
    }
    const mappings: SourceMapping[] = [];
    const skipped = [];
    for (const change of changes) {
      const graph = await fetchGraphLead(ctx.env.FACEBOOK_GRAPH_URL, token!, change.leadgenId);
      if (!graph.ok) {
        // Facebook retries a failed delivery; leads already stored are not stored twice
        // (their form_submitted event id is the leadgen id).
        if (graph.retry) {
          throw new HttpError(503, "graph_unavailable", graph.message, [], { "Retry-After": "60" });
        }
        ctx.logger.warn({ leadgenId: change.leadgenId, problem: graph.message }, "facebook lead skipped");
        skipped.push({ leadgenId: change.leadgenId, message: graph.message });
        continue;
      }
      mappings.push(mapFacebookLead(change, graph.lead, fieldMap("facebook")));
    }
    const leads = [];
    for (const mapping of prepare(mappings)) {
      const result = await captureMapped("facebook", mapping);
      if (!("ignored" in result)) leads.push(result.lead);
    }
    return reply.code(200).send({ leads, skipped });
  }

  // Facebook's subscription check: echo hub.challenge when hub.verify_token matches.
  app.get<{ Querystring: Record<string, string | undefined> }>(
    "/webhooks/sources/:source",
    async (req, reply) => {
      if ((req.params as { source: string }).source !== "facebook") {
        throw new HttpError(404, "not_found", "Only facebook has a GET verification");
      }
      const expected = ctx.env.FACEBOOK_VERIFY_TOKEN;
      if (!expected) {
        throw new HttpError(503, "source_not_configured", "FACEBOOK_VERIFY_TOKEN is not set", [], {
          "Retry-After": "60",
        });
      }
      const q = req.query;
      const token = typeof q["hub.verify_token"] === "string" ? q["hub.verify_token"] : "";
      const challenge = typeof q["hub.challenge"] === "string" ? q["hub.challenge"] : "";
      const matches = safeEqual(Buffer.from(token), Buffer.from(expected));
      // The challenge is echoed back, so only Facebook's plain token form is accepted.
      if (q["hub.mode"] !== "subscribe" || !matches || !/^[A-Za-z0-9_.-]{1,200}$/.test(challenge)) {
        throw new HttpError(403, "verification_failed", "hub.mode or hub.verify_token is wrong");
      }
      reply.code(200).header("content-type", "text/plain; charset=utf-8").send(challenge);
    },
  );
}
