import { describe, expect, it } from "vitest";
import {
  chunkLines,
  clampMrkdwn,
  escapeInline,
  escapeMrkdwn,
  escapeTruncate,
  mention,
  truncate,
} from "../../../src/slack/escape.ts";

const ZWSP = "\u200B";

describe("escapeMrkdwn", () => {
  it("escapes &, < and > as Slack requires", () => {
    expect(escapeMrkdwn("Tom & Jerry <!channel> <@U123> <https://x|y>")).toBe(
      "Tom &amp; Jerry &lt;!channel&gt; &lt;@U123&gt; &lt;https://x|y&gt;",
    );
  });

  it("wraps formatting markers in zero-width spaces", () => {
    expect(escapeMrkdwn("*bold*")).toBe(`${ZWSP}*${ZWSP}bold${ZWSP}*${ZWSP}`);
    for (const s of ["_x_", "~x~", "`x`"]) {
      const out = escapeMrkdwn(s);
      expect(out).not.toContain(s);
      expect(out.replaceAll(ZWSP, "")).toBe(s);
    }
  });

  it("leaves ordinary text alone", () => {
    expect(escapeMrkdwn("Jane Doe, VP Sales (Acme) 100%")).toBe("Jane Doe, VP Sales (Acme) 100%");
  });

  it("escapeInline collapses line breaks so a lead cannot start a quote or list", () => {
    expect(escapeInline("a\n> b\n\n- c")).toBe("a &gt; b - c");
  });
});

describe("truncation", () => {
  it("truncate keeps within the limit and marks the cut", () => {
    const out = truncate("x".repeat(100), 75);
    expect(out).toHaveLength(75);
    expect(out.endsWith("…")).toBe(true);
    expect(truncate("short", 75)).toBe("short");
  });

  it("truncate never splits a surrogate pair", () => {
    const out = truncate("😀".repeat(50), 11);
    expect(out.length).toBeLessThanOrEqual(11);
    expect(out).toBe(`${"😀".repeat(5)}…`);
  });

  it("escapeTruncate never cuts inside an entity or a wrapped marker", () => {
    for (let max = 2; max < 40; max++) {
      const out = escapeTruncate("&&&&&&&&***<<<<>>>>____", max);
      expect(out.length).toBeLessThanOrEqual(max);
      const body = out.replace(/…$/, "");
      expect(body).toMatch(/^(&amp;|&lt;|&gt;|\u200B[*_]\u200B)*$/);
    }
  });

  it("clampMrkdwn prefers a line break and never leaves a mention or entity open", () => {
    expect(clampMrkdwn("line one\nline two is longer", 15)).toBe("line one\n…");
    const out = clampMrkdwn(`${"a".repeat(10)}<@U12345678> tail`, 15);
    expect(out).toBe(`${"a".repeat(10)}…`);
    expect(clampMrkdwn(`${"a".repeat(10)}&amp;bbbb`, 14)).toBe(`${"a".repeat(10)}…`);
  });

  it("chunkLines packs lines under the limit", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i} ${"x".repeat(90)}`);
    const chunks = chunkLines(lines, 3000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(3000);
    expect(chunks.join("\n")).toBe(lines.join("\n"));
  });
});

describe("mention", () => {
  it("only real-looking user ids become mentions", () => {
    expect(mention("U0123ABC")).toBe("<@U0123ABC>");
    expect(mention("W0123ABC")).toBe("<@W0123ABC>");
    expect(mention("<!channel>")).toBe("&lt;!channel&gt;");
  });
});
