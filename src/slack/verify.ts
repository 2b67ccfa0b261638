// Slack request signing (v0): HMAC-SHA256(signing secret, "v0:<timestamp>:<raw body>"), hex, in
// `X-Slack-Signature: v0=<hex>`. Checked over the exact bytes received, before any parsing, so a
// forged body never reaches a parser or the database.
import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's replay window: a timestamp further than this from now is refused. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function signSlackBody(secret: string, timestamp: string | number, rawBody: string | Buffer): string {
  const hmac = createHmac("sha256", secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest("hex")}`;
}

export function verifySlackSignature(opts: {
  secret: string;
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  now: Date;
}): SignatureCheck {
  const { timestamp, signature } = opts;
  if (!timestamp || !signature) return { ok: false, reason: "missing signature headers" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed timestamp" };
  const age = Math.abs(Math.floor(opts.now.getTime() / 1000) - Number(timestamp));
  if (age > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: "timestamp outside the 5-minute window" };
  const expected = Buffer.from(signSlackBody(opts.secret, timestamp, opts.rawBody), "utf8");
  const given = Buffer.from(signature, "utf8");
  // timingSafeEqual needs equal lengths; a length mismatch is already a wrong signature.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "signature mismatch" };
  }
  return { ok: true };
}
