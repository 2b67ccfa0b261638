// The checks every intake request passes before its body is read: a missing secret (503), wrong
// content type (415), bad signature (401), rate limit (429, after the signature so strangers
// cannot spend a sender's allowance); then the body as storable JSON.
import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../context.ts";
import { jsonBody } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { DEFAULT_RATE_LIMIT_PER_MINUTE, type RateLimiter } from "./rate-limit.ts";
import { storableJson } from "./schemas.ts";
import type { Verdict } from "./signatures.ts";

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

export function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The full URL HubSpot signed: LEADOPS_PUBLIC_URL (behind a proxy) or rebuilt from the request. */
export function publicUri(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return `${publicUrl.replace(/\/+$/, "")}${req.url}`;
  return `${req.protocol}://${req.host}${req.url}`;
}

/**
 * The replay key of a verified delivery: the signature covers the timestamp and the body, so the
 * same signature is the same delivery sent again (a retry after a timeout, or a captured request
 * replayed inside the time window).
 */
export function signedDeliveryKey(source: SourceName, signature: string | undefined): string | undefined {
  return signature ? createHash("sha256").update(`${source}\n${signature}`).digest("hex") : undefined;
}

/**
 * The replay key of one item of a delivery that carries several (a HubSpot array, Facebook's
 * changes), by its place in the delivery: each item is stored in its own transaction, so each is
 * remembered on its own, and a retry of a delivery that failed half-way stores only the rest.
 */
export function deliveryItemKey(key: string | undefined, item: string): string | undefined {
  return key ? createHash("sha256").update(`${key}\n${item}`).digest("hex") : undefined;
}

/** The `result` label of leadops_leads_captured_total. */
export function captureOutcome(r: { created: boolean; replayed: boolean }): string {
  return r.replayed ? "replayed" : r.created ? "created" : "updated";
}

export type Admit = (
  req: FastifyRequest,
  source: SourceName,
  verify: (secret: string, body: Buffer) => Verdict,
) => unknown;

export function makeAdmit(ctx: AppContext, limiter: RateLimiter): Admit {
  const nowMs = () => ctx.now().getTime();
  /** The checks every intake request passes before its body is read. */
  return function admit(
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
  };
}
