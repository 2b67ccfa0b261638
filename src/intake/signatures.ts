// Signature schemes of the generic webhooks and of each named source, as pure functions of the
// request's bytes, headers, secret and clock, so every scheme is unit-tested by value.
// Comparisons are constant-time; a missing secret is never "no check".
import { createHmac, timingSafeEqual } from "node:crypto";

export type Verdict =
  | { ok: true }
  | { ok: false; reason: "missing" | "malformed" | "mismatch" | "stale"; message: string };

export const REPLAY_WINDOW_SECONDS = 5 * 60;

const OK: Verdict = { ok: true };
const fail = (reason: Exclude<Verdict, { ok: true }>["reason"], message: string): Verdict => ({
  ok: false,
  reason,
  message,
});

export function hmac(secret: string, data: string | Buffer): Buffer {
  return createHmac("sha256", secret).update(data).digest();
}

/** Constant-time equality of two byte strings (false, without throwing, for different lengths). */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function decodeHex(value: string): Buffer | null {
  return /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : null;
}

function decodeBase64(value: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) return null;
  return Buffer.from(value, "base64");
}

function withinWindow(timestampSeconds: number, nowMs: number): boolean {
  return Math.abs(nowMs / 1000 - timestampSeconds) <= REPLAY_WINDOW_SECONDS;
}

function concat(prefix: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(prefix, "utf8"), body]);
}

/**
 * Generic webhooks (CONTRACT.md): `X-LeadOps-Timestamp: <unix seconds>` and
 * `X-LeadOps-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`.
 */
export function verifyLeadOps(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  nowMs: number;
}): Verdict {
  if (!input.timestamp || !input.signature) {
    return fail("missing", "X-LeadOps-Timestamp and X-LeadOps-Signature are required");
  }
  if (!/^\d{1,12}$/.test(input.timestamp))
    return fail("malformed", "X-LeadOps-Timestamp must be unix seconds");
  const given = input.signature.startsWith("sha256=") ? decodeHex(input.signature.slice(7)) : null;
  if (!given) return fail("malformed", "X-LeadOps-Signature must be sha256=<64 hex digits>");
  if (!withinWindow(Number(input.timestamp), input.nowMs)) {
    return fail("stale", "X-LeadOps-Timestamp is more than 5 minutes away");
  }
  const expected = hmac(input.secret, concat(`${input.timestamp}.`, input.body));
  return safeEqual(given, expected) ? OK : fail("mismatch", "The signature does not match");
}

/** Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, raw body)>` (no timestamp). */
export function verifyTypeform(input: {
  secret: string;
  signature: string | undefined;
  body: Buffer;
}): Verdict {
  if (!input.signature) return fail("missing", "Typeform-Signature is required");
  const given = input.signature.startsWith("sha256=") ? decodeBase64(input.signature.slice(7)) : null;
  if (!given) return fail("malformed", "Typeform-Signature must be sha256=<base64>");
  return safeEqual(given, hmac(input.secret, input.body))
    ? OK
    : fail("mismatch", "The signature does not match");
}

/**
 * Calendly: `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>`,
 * with the same 5-minute replay window as the generic webhooks.
 */
export function verifyCalendly(input: {
  secret: string;
  header: string | undefined;
  body: Buffer;
  nowMs: number;
}): Verdict {
  if (!input.header) return fail("missing", "Calendly-Webhook-Signature is required");
  const parts = new Map<string, string>();
  for (const part of input.header.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const t = parts.get("t");
  const v1 = parts.get("v1");
  const given = v1 ? decodeHex(v1) : null;
  if (!t || !/^\d{1,12}$/.test(t) || !given) {
    return fail("malformed", "Calendly-Webhook-Signature must be t=<unix>,v1=<hex>");
  }
  if (!withinWindow(Number(t), input.nowMs))
    return fail("stale", "The signature timestamp is more than 5 minutes away");
  const expected = hmac(input.secret, concat(`${t}.`, input.body));
  return safeEqual(given, expected) ? OK : fail("mismatch", "The signature does not match");
}

// HubSpot signs the URI with these characters decoded (its request-validation docs list them).
const HUBSPOT_DECODE: Record<string, string> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

export function hubspotUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => HUBSPOT_DECODE[m.toUpperCase()] ?? m);
}

/**
 * HubSpot v3: `X-HubSpot-Signature-v3` = base64 HMAC-SHA256(client secret,
 * method + URI + raw body + timestamp), `X-HubSpot-Request-Timestamp` in milliseconds,
 * refused when older than 5 minutes.
 */
export function verifyHubspot(input: {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  method: string;
  uri: string;
  body: Buffer;
  nowMs: number;
}): Verdict {
  if (!input.signature || !input.timestamp) {
    return fail("missing", "X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp are required");
  }
  if (!/^\d{1,15}$/.test(input.timestamp))
    return fail("malformed", "X-HubSpot-Request-Timestamp must be milliseconds");
  const given = decodeBase64(input.signature);
  if (!given) return fail("malformed", "X-HubSpot-Signature-v3 must be base64");
  const ageMs = input.nowMs - Number(input.timestamp);
  // Older than 5 minutes is refused; a little clock skew into the future is tolerated.
  if (ageMs > REPLAY_WINDOW_SECONDS * 1000 || ageMs < -REPLAY_WINDOW_SECONDS * 1000) {
    return fail("stale", "X-HubSpot-Request-Timestamp is older than 5 minutes");
  }
  const source = Buffer.concat([
    Buffer.from(`${input.method.toUpperCase()}${hubspotUri(input.uri)}`, "utf8"),
    input.body,
    Buffer.from(input.timestamp, "utf8"),
  ]);
  return safeEqual(given, hmac(input.secret, source)) ? OK : fail("mismatch", "The signature does not match");
}

/** Facebook (Meta) webhooks: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. */
export function verifyFacebook(input: {
  secret: string;
  signature: string | undefined;
  body: Buffer;
}): Verdict {
  if (!input.signature) return fail("missing", "X-Hub-Signature-256 is required");
  const given = input.signature.startsWith("sha256=") ? decodeHex(input.signature.slice(7)) : null;
  if (!given) return fail("malformed", "X-Hub-Signature-256 must be sha256=<hex>");
  return safeEqual(given, hmac(input.secret, input.body))
    ? OK
    : fail("mismatch", "The signature does not match");
}

// Signers, used by tests, fixtures and the benchmark (the same code a sender would run).
export const sign = {
  leadops(secret: string, body: string, timestamp: number): Record<string, string> {
    return {
      "x-leadops-timestamp": String(timestamp),
      "x-leadops-signature": `sha256=${hmac(secret, `${timestamp}.${body}`).toString("hex")}`,
    };
  },
  typeform(secret: string, body: string): Record<string, string> {
    return { "typeform-signature": `sha256=${hmac(secret, body).toString("base64")}` };
  },
  calendly(secret: string, body: string, timestamp: number): Record<string, string> {
    return {
      "calendly-webhook-signature": `t=${timestamp},v1=${hmac(secret, `${timestamp}.${body}`).toString("hex")}`,
    };
  },
  hubspot(
    secret: string,
    method: string,
    uri: string,
    body: string,
    timestampMs: number,
  ): Record<string, string> {
    return {
      "x-hubspot-signature-v3": hmac(secret, `${method}${hubspotUri(uri)}${body}${timestampMs}`).toString(
        "base64",
      ),
      "x-hubspot-request-timestamp": String(timestampMs),
    };
  },
  facebook(secret: string, body: string): Record<string, string> {
    return { "x-hub-signature-256": `sha256=${hmac(secret, body).toString("hex")}` };
  },
};
