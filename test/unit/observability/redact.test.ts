import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/observability/logger.ts";
import { redactText, redactValue } from "../../../src/observability/redact.ts";

describe("redaction", () => {
  it("scrubs emails, phones and tokens from text", () => {
    const text = "lead ann.lee+x@acme.io called +1 (555) 123-4567 and 030 1234 5678 with xoxb-123-abc";
    const out = redactText(text);
    expect(out).not.toMatch(/ann\.lee|555|1234 5678|xoxb-123/);
    expect(out).toContain("[email]");
    expect(out).toContain("[phone]");
    expect(out).toContain("[token]");
  });

  it("leaves ids, timestamps and addresses alone", () => {
    expect(redactText("20261124000000_init on 0.0.0.0:3000 at 2026-11-24T21:35:19.823Z")).toBe(
      "20261124000000_init on 0.0.0.0:3000 at 2026-11-24T21:35:19.823Z",
    );
  });

  it("censors sensitive keys at any depth", () => {
    expect(redactValue({ lead: { email: "a@b.co", phone: "x", company: "Acme" }, botToken: "t" })).toEqual({
      lead: { email: "[redacted]", phone: "[redacted]", company: "Acme" },
      botToken: "[redacted]",
    });
  });

  it("applies to what the logger writes", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = createLogger("info", sink);
    logger.info({ lead: { email: "bob@corp.com" }, note: "reach jane@corp.com" }, "captured carl@corp.com");
    const output = lines.join("");
    expect(output).not.toMatch(/@corp\.com/);
    expect(output).toContain("captured [email]");
  });
});
