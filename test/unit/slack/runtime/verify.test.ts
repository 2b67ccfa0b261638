import { describe, expect, it } from "vitest";
import { signSlackBody, verifySlackSignature } from "../../../../src/slack/verify.ts";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const body = Buffer.from("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fleads&text=help");
const now = new Date("2025-03-04T10:00:00Z");
const ts = String(now.getTime() / 1000);

describe("verifySlackSignature", () => {
  it("accepts Slack's v0 HMAC over v0:<ts>:<raw body>", () => {
    const signature = signSlackBody(secret, ts, body);
    expect(signature).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(verifySlackSignature({ secret, rawBody: body, timestamp: ts, signature, now })).toEqual({
      ok: true,
    });
  });

  it("refuses a changed body, another secret, a missing header or a malformed one", () => {
    const signature = signSlackBody(secret, ts, body);
    const check = (o: Partial<Parameters<typeof verifySlackSignature>[0]>) =>
      verifySlackSignature({ secret, rawBody: body, timestamp: ts, signature, now, ...o }).ok;
    expect(check({ rawBody: Buffer.concat([body, Buffer.from("x")]) })).toBe(false);
    expect(check({ secret: "other" })).toBe(false);
    expect(check({ signature: undefined })).toBe(false);
    expect(check({ timestamp: undefined })).toBe(false);
    expect(check({ signature: "v0=abc" })).toBe(false);
    expect(check({ timestamp: "12abc" })).toBe(false);
  });

  it("allows 5 minutes either way and no more", () => {
    const at = (offsetSeconds: number) => {
      const t = String(now.getTime() / 1000 + offsetSeconds);
      return verifySlackSignature({
        secret,
        rawBody: body,
        timestamp: t,
        signature: signSlackBody(secret, t, body),
        now,
      }).ok;
    };
    expect(at(-300)).toBe(true);
    expect(at(300)).toBe(true);
    expect(at(-301)).toBe(false);
    expect(at(301)).toBe(false);
  });
});
