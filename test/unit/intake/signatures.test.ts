import { describe, expect, it } from "vitest";
import {
  hubspotUri,
  sign,
  verifyCalendly,
  verifyFacebook,
  verifyHubspot,
  verifyLeadOps,
  verifyTypeform,
} from "../../../src/intake/signatures.ts";

const body = Buffer.from('{"email":"a@acme.example"}');
const text = body.toString();
const now = 1_741_000_000_000;
const t = now / 1000;

describe("generic LeadOps signature", () => {
  const check = (headers: Record<string, string>, secret = "s3cret") =>
    verifyLeadOps({
      secret,
      timestamp: headers["x-leadops-timestamp"],
      signature: headers["x-leadops-signature"],
      body,
      nowMs: now,
    });
  it("accepts a correct signature within the window", () => {
    expect(check(sign.leadops("s3cret", text, t))).toEqual({ ok: true });
    expect(check(sign.leadops("s3cret", text, t - 299))).toEqual({ ok: true });
  });
  it("refuses a wrong secret, a changed body, missing headers and stale timestamps", () => {
    expect(check(sign.leadops("other", text, t))).toMatchObject({ ok: false, reason: "mismatch" });
    expect(check(sign.leadops("s3cret", `${text} `, t))).toMatchObject({ ok: false, reason: "mismatch" });
    expect(check({})).toMatchObject({ ok: false, reason: "missing" });
    expect(check({ "x-leadops-timestamp": String(t) })).toMatchObject({ ok: false, reason: "missing" });
    expect(check(sign.leadops("s3cret", text, t - 301))).toMatchObject({ ok: false, reason: "stale" });
    expect(check(sign.leadops("s3cret", text, t + 301))).toMatchObject({ ok: false, reason: "stale" });
  });
  it("refuses malformed headers without throwing", () => {
    expect(check({ "x-leadops-timestamp": "soon", "x-leadops-signature": "sha256=00" })).toMatchObject({
      reason: "malformed",
    });
    expect(check({ "x-leadops-timestamp": String(t), "x-leadops-signature": "md5=abc" })).toMatchObject({
      reason: "malformed",
    });
  });
});

describe("Typeform signature", () => {
  it("is sha256=<base64> of the raw body", () => {
    const h = sign.typeform("tf", text);
    expect(h["typeform-signature"]).toMatch(/^sha256=[A-Za-z0-9+/]{43}=$/);
    expect(verifyTypeform({ secret: "tf", signature: h["typeform-signature"], body })).toEqual({ ok: true });
    expect(verifyTypeform({ secret: "other", signature: h["typeform-signature"], body })).toMatchObject({
      reason: "mismatch",
    });
    expect(verifyTypeform({ secret: "tf", signature: undefined, body })).toMatchObject({ reason: "missing" });
    // Hex (the generic scheme's encoding) is not Typeform's.
    expect(verifyTypeform({ secret: "tf", signature: `sha256=${"a".repeat(64)}`, body })).toMatchObject({
      reason: "malformed",
    });
  });
});

describe("Calendly signature", () => {
  const check = (header: string | undefined, secret = "key") =>
    verifyCalendly({ secret, header, body, nowMs: now });
  it("is t=<unix>,v1=<hex HMAC of t.body> within 5 minutes", () => {
    expect(check(sign.calendly("key", text, t)["calendly-webhook-signature"])).toEqual({ ok: true });
    expect(check(sign.calendly("nope", text, t)["calendly-webhook-signature"])).toMatchObject({
      reason: "mismatch",
    });
    expect(check(sign.calendly("key", text, t - 600)["calendly-webhook-signature"])).toMatchObject({
      reason: "stale",
    });
    expect(check(undefined)).toMatchObject({ reason: "missing" });
    expect(check("v1=abc")).toMatchObject({ reason: "malformed" });
  });
});

describe("HubSpot v3 signature", () => {
  const uri = "https://leads.example.com/webhooks/sources/hubspot?portal=1";
  const check = (
    h: Record<string, string>,
    overrides: Partial<{ uri: string; method: string; nowMs: number }> = {},
  ) =>
    verifyHubspot({
      secret: "client-secret",
      signature: h["x-hubspot-signature-v3"],
      timestamp: h["x-hubspot-request-timestamp"],
      method: overrides.method ?? "POST",
      uri: overrides.uri ?? uri,
      body,
      nowMs: overrides.nowMs ?? now,
    });
  it("is base64 HMAC of method + URI + body + timestamp (ms)", () => {
    expect(check(sign.hubspot("client-secret", "POST", uri, text, now - 1000))).toEqual({ ok: true });
  });
  it("refuses another URI, method, secret, a missing header and a timestamp older than 5 minutes", () => {
    const h = sign.hubspot("client-secret", "POST", uri, text, now);
    expect(check(h, { uri: "https://other.example/webhooks/sources/hubspot?portal=1" })).toMatchObject({
      reason: "mismatch",
    });
    expect(check(h, { method: "PUT" })).toMatchObject({ reason: "mismatch" });
    expect(check(sign.hubspot("wrong", "POST", uri, text, now))).toMatchObject({ reason: "mismatch" });
    expect(check({ "x-hubspot-request-timestamp": String(now) })).toMatchObject({ reason: "missing" });
    expect(check(sign.hubspot("client-secret", "POST", uri, text, now - 5 * 60_000 - 1))).toMatchObject({
      reason: "stale",
    });
  });
  it("decodes the characters HubSpot decodes before signing", () => {
    expect(hubspotUri("https://x.example/a%3Ab%2Fc?q=%40%21%2C%20")).toBe("https://x.example/a:b/c?q=@!,%20");
  });
});

describe("Facebook signature", () => {
  it("is sha256=<hex HMAC of the raw body> with the app secret", () => {
    const h = sign.facebook("app", text)["x-hub-signature-256"];
    expect(verifyFacebook({ secret: "app", signature: h, body })).toEqual({ ok: true });
    expect(verifyFacebook({ secret: "app2", signature: h, body })).toMatchObject({ reason: "mismatch" });
    expect(verifyFacebook({ secret: "app", signature: undefined, body })).toMatchObject({
      reason: "missing",
    });
    expect(verifyFacebook({ secret: "app", signature: "sha1=abc", body })).toMatchObject({
      reason: "malformed",
    });
  });
});
