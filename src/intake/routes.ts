// Intake routes: each one is verify signature → rate limit → zod-parse → one flow call (admit.ts
// says in which order requests are refused). A request refused at any step stores nothing.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../context.ts";
import { CaptureBatcher } from "../flows/capture-batcher.ts";
import { recordEvent } from "../flows/record-event.ts";
import { eventsRecorded, leadsCaptured } from "../observability/metrics.ts";
import { captureOutcome, header, makeAdmit, signedDeliveryKey } from "./admit.ts";
import { RateLimiter } from "./rate-limit.ts";
import { parseEventBody, parseLeadBody } from "./schemas.ts";
import { verifyLeadOps } from "./signatures.ts";
import { registerSourceRoutes } from "./source-routes.ts";

export { publicUri, SOURCES, type SourceName, sourceSecret } from "./admit.ts";

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
  "callback_requested",
  "purchase",
]);
const metricType = (type: string) => (KNOWN_TYPES.has(type) ? type : "other");

export function registerIntakeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const admit = makeAdmit(ctx, new RateLimiter());
  const captures = new CaptureBatcher(ctx);
  const nowMs = () => ctx.now().getTime();

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
    // The same key as /webhooks/events: one signature is one delivery, whichever route it is sent to.
    const deliveryKey = signedDeliveryKey("webhook", header(req, "x-leadops-signature"));
    const result = await captures.capture({
      input,
      actor: "webhook:leads",
      ...(deliveryKey && { deliveryKey }),
    });
    leadsCaptured.inc({ source: "webhook", result: captureOutcome(result) });
    reply.code(result.created ? 201 : 200).send({ lead: result.lead });
  });

  app.post("/webhooks/events", async (req, reply) => {
    const { target, event } = parseEventBody(admit(req, "webhook", leadOps(req)));
    const deliveryKey = signedDeliveryKey("webhook", header(req, "x-leadops-signature"));
    const result = await recordEvent({ ctx, target, event, actor: "webhook:events", deliveryKey });
    eventsRecorded.inc({ type: metricType(event.type), result: result.duplicate ? "duplicate" : "recorded" });
    reply.code(result.duplicate ? 200 : 202).send({ lead: result.lead });
  });

  registerSourceRoutes(app, ctx, { admit, captures });
}
