// The named sources (Typeform, Calendly, HubSpot, Facebook Lead Ads): each delivery is verified
// with its provider's scheme, mapped to leads and events, validated whole (a refused delivery
// stores nothing), then captured through the same batcher as /webhooks/leads. Each delivery is
// accepted once: its signature header is its replay key (admit.ts signedDeliveryKey), an item of
// a delivery with several has its own (deliveryItemKey), and a replay is answered 200 with the
// lead the first delivery stored (flows/screen-replays.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../context.ts";
import type { CaptureBatcher } from "../flows/capture-batcher.ts";
import type { CaptureResult } from "../flows/capture-leads.ts";
import { readReplayedLeads } from "../flows/read-replayed-leads.ts";
import { HttpError } from "../http/errors.ts";
import { eventsRecorded, leadsCaptured } from "../observability/metrics.ts";
import {
  type Admit,
  captureOutcome,
  deliveryItemKey,
  header,
  publicUri,
  SOURCES,
  type SourceName,
  signedDeliveryKey,
} from "./admit.ts";
import { parseLeadLenient } from "./schemas.ts";
import { safeEqual, verifyCalendly, verifyFacebook, verifyHubspot, verifyTypeform } from "./signatures.ts";
import { calendlySchema, mapCalendly } from "./sources/calendly.ts";
import { facebookSchema, fetchGraphLead, leadgenChanges, mapFacebookLead } from "./sources/facebook.ts";
import { hubspotSchema, mapHubspotItem, ownHubspotProperties } from "./sources/hubspot.ts";
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

/** The replay key of a named source's delivery: its signature header. */
function keyOf(req: FastifyRequest, source: SourceName, signatureHeader: string): string | undefined {
  return signedDeliveryKey(source, header(req, signatureHeader));
}

async function captureMapped(
  d: SourceDeps,
  source: SourceName,
  mapping: ReturnType<typeof prepare>[number],
  deliveryKey: string | undefined,
) {
  if (mapping.kind === "ignored") return { ignored: mapping.reason };
  const { input, events } = mapping;
  const actor = `webhook:${source}`;
  const result = await d.captures.capture({ input, events, actor, ...(deliveryKey && { deliveryKey }) });
  leadsCaptured.inc({ source, result: captureOutcome(result) });
  if (result.events.recorded > 0)
    eventsRecorded.inc({ type: "source", result: "recorded" }, result.events.recorded);
  if (result.events.duplicates > 0) {
    eventsRecorded.inc({ type: "source", result: "duplicate" }, result.events.duplicates);
  }
  return result;
}

async function replyMapped(
  d: SourceDeps,
  reply: FastifyReply,
  source: SourceName,
  mapping: SourceMapping,
  deliveryKey: string | undefined,
) {
  const [prepared] = prepare([mapping]);
  const result = await captureMapped(d, source, prepared!, deliveryKey);
  if ("ignored" in result) return reply.code(200).send({ ignored: true, reason: result.ignored });
  return reply.code(result.created ? 201 : 200).send({ lead: result.lead });
}

/** An item of a delivery with several: to capture, or already stored by an earlier delivery. */
type Item = { mapping: SourceMapping; key: string | undefined } | { replayed: CaptureResult["lead"] };

/**
 * Captures a delivery's leads one by one, in order, after validating all of them; ignored items
 * are left out of the reply, replayed ones answered as they are.
 */
async function captureAll(d: SourceDeps, source: SourceName, items: Item[]) {
  const ready = items.map((item) =>
    "replayed" in item ? item : { prepared: prepare([item.mapping])[0]!, key: item.key },
  );
  const leads = [];
  for (const item of ready) {
    if ("replayed" in item) {
      leads.push(item.replayed);
      continue;
    }
    const result = await captureMapped(d, source, item.prepared, item.key);
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
    keyOf(req, "typeform", "typeform-signature"),
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
    keyOf(req, "calendly", "calendly-webhook-signature"),
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
  const own = ownHubspotProperties(d.ctx.rules.outbound.hubspot);
  const key = keyOf(req, "hubspot", "x-hubspot-signature-v3");
  if (!Array.isArray(parsed)) return replyMapped(d, reply, "hubspot", mapHubspotItem(parsed, map, own), key);
  const leads = await captureAll(
    d,
    "hubspot",
    parsed.map((item, i) => ({
      mapping: mapHubspotItem(item, map, own),
      key: deliveryItemKey(key, String(i)),
    })),
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
  const key = keyOf(req, "facebook", "x-hub-signature-256");
  const keyed = changes.map((change) => ({ change, key: deliveryItemKey(key, change.leadgenId) }));
  // A replayed change is answered from what its first delivery stored, without asking Graph again.
  const replayed = await readReplayedLeads({ ctx, keys: keyed.flatMap((k) => (k.key ? [k.key] : [])) });
  const items: Item[] = [];
  const skipped = [];
  for (const { change, key: itemKey } of keyed) {
    const before = itemKey ? replayed.get(itemKey) : undefined;
    if (before) {
      items.push({ replayed: before });
      continue;
    }
    const graph = await fetchGraphLead(ctx.env.FACEBOOK_GRAPH_URL, token!, change.leadgenId);
    if (!graph.ok) {
      // Facebook retries a failed delivery; leads already stored are not stored twice
      // (their form_submitted event id is the leadgen id, and their item key is remembered).
      if (graph.retry) {
        throw new HttpError(503, "graph_unavailable", graph.message, [], { "Retry-After": "60" });
      }
      ctx.logger.warn({ leadgenId: change.leadgenId, problem: graph.message }, "facebook lead skipped");
      skipped.push({ leadgenId: change.leadgenId, message: graph.message });
      continue;
    }
    items.push({ mapping: mapFacebookLead(change, graph.lead, fieldMap(ctx, "facebook")), key: itemKey });
  }
  const leads = await captureAll(d, "facebook", items);
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
