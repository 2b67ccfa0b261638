// The named sources (Typeform, Calendly, HubSpot, Facebook Lead Ads): each delivery is verified
// with its provider's scheme, mapped to leads and events, validated whole (a refused delivery
// stores nothing), then captured through the same batcher as /webhooks/leads.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../context.ts";
import type { CaptureBatcher } from "../flows/capture-batcher.ts";
import { HttpError } from "../http/errors.ts";
import { eventsRecorded, leadsCaptured } from "../observability/metrics.ts";
import { type Admit, header, publicUri, SOURCES, type SourceName } from "./admit.ts";
import { parseLeadLenient } from "./schemas.ts";
import { safeEqual, verifyCalendly, verifyFacebook, verifyHubspot, verifyTypeform } from "./signatures.ts";
import { calendlySchema, mapCalendly } from "./sources/calendly.ts";
import { facebookSchema, fetchGraphLead, leadgenChanges, mapFacebookLead } from "./sources/facebook.ts";
import { hubspotSchema, mapHubspotItem } from "./sources/hubspot.ts";
import { mapTypeform, type SourceMapping, typeformSchema } from "./sources/typeform.ts";

interface SourceDeps {
  ctx: AppContext;
  admit: Admit;
  captures: CaptureBatcher;
}

export function registerSourceRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  deps: { admit: Admit; captures: CaptureBatcher },
): void {
  const d: SourceDeps = { ctx, ...deps };
  app.post<{ Params: { source: string } }>("/webhooks/sources/:source", async (req, reply) => {
    const source = req.params.source;
    switch (source) {
      case "typeform":
        return typeformDelivery(d, req, reply);
      case "calendly":
        return calendlyDelivery(d, req, reply);
      case "hubspot":
        return hubspotDelivery(d, req, reply);
      case "facebook":
        return facebookDelivery(d, req, reply);
      default:
        throw new HttpError(404, "unknown_source", `Unknown source ${source}; one of ${SOURCES.join(", ")}`);
    }
  });
  app.get<{ Querystring: Record<string, string | undefined> }>(
    "/webhooks/sources/:source",
    async (req, reply) => facebookVerification(ctx, req, reply),
  );
}

const fieldMap = (ctx: AppContext, source: SourceName) => ctx.rules.sources[source]?.fieldMap;

/** Validates every lead of a delivery before storing any, so a refused delivery stores nothing. */
function prepare(mappings: SourceMapping[]) {
  return mappings.map((m) =>
    m.kind === "ignored" ? m : { kind: "lead" as const, input: parseLeadLenient(m.lead), events: m.events },
  );
}

async function captureMapped(d: SourceDeps, source: SourceName, mapping: ReturnType<typeof prepare>[number]) {
  if (mapping.kind === "ignored") return { ignored: mapping.reason };
  const { input, events } = mapping;
  const result = await d.captures.capture({ input, events, actor: `webhook:${source}` });
  leadsCaptured.inc({ source, result: result.created ? "created" : "updated" });
  if (result.events.recorded > 0)
    eventsRecorded.inc({ type: "source", result: "recorded" }, result.events.recorded);
  if (result.events.duplicates > 0) {
    eventsRecorded.inc({ type: "source", result: "duplicate" }, result.events.duplicates);
  }
  return result;
}

async function replyMapped(d: SourceDeps, reply: FastifyReply, source: SourceName, mapping: SourceMapping) {
  const [prepared] = prepare([mapping]);
  const result = await captureMapped(d, source, prepared!);
  if ("ignored" in result) return reply.code(200).send({ ignored: true, reason: result.ignored });
  return reply.code(result.created ? 201 : 200).send({ lead: result.lead });
}

/** Captures a delivery's leads one by one, in order; ignored items are left out of the reply. */
async function captureAll(d: SourceDeps, source: SourceName, mappings: SourceMapping[]) {
  const leads = [];
  for (const mapping of prepare(mappings)) {
    const result = await captureMapped(d, source, mapping);
    if (!("ignored" in result)) leads.push(result.lead);
  }
  return leads;
}

function typeformDelivery(d: SourceDeps, req: FastifyRequest, reply: FastifyReply) {
  const body = d.admit(req, "typeform", (secret, raw) =>
    verifyTypeform({ secret, signature: header(req, "typeform-signature"), body: raw }),
  );
  return replyMapped(
    d,
    reply,
    "typeform",
    mapTypeform(typeformSchema.parse(body), fieldMap(d.ctx, "typeform")),
  );
}

function calendlyDelivery(d: SourceDeps, req: FastifyRequest, reply: FastifyReply) {
  const body = d.admit(req, "calendly", (secret, raw) =>
    verifyCalendly({
      secret,
      header: header(req, "calendly-webhook-signature"),
      body: raw,
      nowMs: d.ctx.now().getTime(),
    }),
  );
  return replyMapped(
    d,
    reply,
    "calendly",
    mapCalendly(calendlySchema.parse(body), fieldMap(d.ctx, "calendly")),
  );
}

async function hubspotDelivery(d: SourceDeps, req: FastifyRequest, reply: FastifyReply) {
  const body = d.admit(req, "hubspot", (secret, raw) =>
    verifyHubspot({
      secret,
      signature: header(req, "x-hubspot-signature-v3"),
      timestamp: header(req, "x-hubspot-request-timestamp"),
      method: req.method,
      uri: publicUri(req, d.ctx.env.LEADOPS_PUBLIC_URL),
      body: raw,
      nowMs: d.ctx.now().getTime(),
    }),
  );
  const parsed = hubspotSchema.parse(body);
  const map = fieldMap(d.ctx, "hubspot");
  if (!Array.isArray(parsed)) return replyMapped(d, reply, "hubspot", mapHubspotItem(parsed, map));
  const leads = await captureAll(
    d,
    "hubspot",
    parsed.map((i) => mapHubspotItem(i, map)),
  );
  return reply.code(200).send({ leads });
}

async function facebookDelivery(d: SourceDeps, req: FastifyRequest, reply: FastifyReply) {
  const { ctx } = d;
  const body = d.admit(req, "facebook", (secret, raw) =>
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
    mappings.push(mapFacebookLead(change, graph.lead, fieldMap(ctx, "facebook")));
  }
  const leads = await captureAll(d, "facebook", mappings);
  return reply.code(200).send({ leads, skipped });
}

/** Facebook's subscription check: echo hub.challenge when hub.verify_token matches. */
function facebookVerification(
  ctx: AppContext,
  req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>,
  reply: FastifyReply,
) {
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
}
