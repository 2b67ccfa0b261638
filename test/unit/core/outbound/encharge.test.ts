// outbound.encharge in leadops.yml and the calls an event plans (issue 17, part 3).
import { describe, expect, it } from "vitest";
import { parseRules } from "../../../../src/config/rules.ts";
import { buildEventBody, type LeadCard } from "../../../../src/core/outbound/build-event-body.ts";
import { enchargeCalls } from "../../../../src/core/outbound/encharge-calls.ts";
import { resolveWebhooks } from "../../../../src/outbound/resolve-webhooks.ts";

const lead: LeadCard = {
  id: "l1",
  email: "ann@acme.example",
  name: null,
  company: null,
  title: null,
  source: null,
  score: { fit: 30, engagement: 12.4, total: 42.4 },
  grade: "warm",
  stage: "customer",
  owner: null,
  segments: [],
};
const event = (type: string, data: unknown, card: LeadCard | null = lead) =>
  buildEventBody({ eventId: "e1", type, occurredAt: new Date(0), lead: card, data });

describe("outbound.encharge", () => {
  const config = parseRules(
    "outbound:\n  encharge:\n    apiKey: k\n    tags: { segment: 'seg:{segment}' }\n    fields: { score: score }\n",
  ).outbound.encharge!;

  it("defaults the API base, the key's variable and the stage tag; resolves the key from the environment", () => {
    const defaults = parseRules("outbound:\n  encharge: {}\n").outbound;
    expect(defaults.encharge).toMatchObject({
      apiUrl: "https://api.encharge.io/v1",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the default names the variable
      apiKey: "${ENCHARGE_API_KEY}",
      tags: { segment: "leadops-segment-{segment}", stage: "leadops-stage-{stage}" },
      fields: { score: "leadopsScore" },
    });
    const hooks = resolveWebhooks(defaults, (n) => (n === "ENCHARGE_API_KEY" ? "key" : undefined));
    expect(hooks.get("encharge")?.events.has("segment.left")).toBe(true);
    expect(() => resolveWebhooks(defaults, () => undefined)).toThrow(/ENCHARGE_API_KEY is not set/);
  });

  it("refuses a tag with a comma or without its placeholder, and a webhook named encharge", () => {
    expect(() => parseRules("outbound:\n  encharge:\n    tags: { segment: 'a,{segment}' }\n")).toThrow(
      /comma/,
    );
    expect(() => parseRules("outbound:\n  encharge:\n    tags: { stage: 'stage' }\n")).toThrow(/\{stage\}/);
    const hook =
      "  webhooks:\n    - { name: encharge, url: 'https://x.example', secret: s, events: [lead.won] }\n";
    expect(() => parseRules(`outbound:\n${hook}`)).toThrow(/outbound.encharge/);
  });

  it("plans the score field and a segment tag on entering, its removal on leaving", () => {
    const upsert = { method: "POST", path: "/people", body: { email: lead.email, score: 42 } };
    const tag = { email: lead.email, tag: "seg:execs" };
    expect(enchargeCalls(config, event("segment.entered", { segment: "execs" }))).toEqual([
      upsert,
      { method: "POST", path: "/tags", body: tag },
    ]);
    expect(enchargeCalls(config, event("segment.left", { segment: "execs" }))).toEqual([
      upsert,
      { method: "DELETE", path: "/tags", body: tag },
    ]);
  });

  it("sets the stage tag to the lead's stage on other events, removing the other stages'", () => {
    const calls = enchargeCalls(config, event("lead.won", { amount: 10 }));
    expect(calls.slice(1)).toEqual([
      { method: "POST", path: "/tags", body: { email: lead.email, tag: "leadops-stage-customer" } },
      {
        method: "DELETE",
        path: "/tags",
        body: {
          email: lead.email,
          tag: "leadops-stage-lead,leadops-stage-mql,leadops-stage-sql,leadops-stage-nurture,leadops-stage-disqualified",
        },
      },
    ]);
    expect(enchargeCalls(config, event("lead.updated", {}, null))).toEqual([]);
  });
});
