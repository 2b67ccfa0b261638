import { describe, expect, it } from "vitest";
import { parseReplayArgs } from "../../../../src/cli/commands/outbound.ts";
import { UsageError } from "../../../../src/cli/io.ts";
import { parseRules, RulesError } from "../../../../src/config/rules.ts";
import { buildEventBody, whenFacts } from "../../../../src/core/outbound/build-event-body.ts";
import { outboundEventsFor } from "../../../../src/core/outbound/map-audit-entry.ts";
import {
  backoffMs,
  parseRetryAfter,
  planRetry,
  RETRY_BUDGET_MS,
} from "../../../../src/core/outbound/plan-retry.ts";
import { refreshChanges } from "../../../../src/core/outbound/refresh-changes.ts";
import { compileCondition } from "../../../../src/core/rules/conditions.ts";
import { OutboundConfigError, resolveWebhooks } from "../../../../src/outbound/resolve-webhooks.ts";
import { hubspotProperties } from "../../../../src/outbound/send-hubspot.ts";

const T0 = new Date("2026-12-07T09:00:00Z");

describe("outbound events of audit entries", () => {
  const subs = [
    { name: "crm", events: new Set(["lead.created", "lead.won"] as const) },
    { name: "ops", events: new Set(["sla.breached", "lead.assigned", "lead.won"] as const) },
  ];

  it("maps actions to event types, once per subscription that wants the type, in order", () => {
    const events = outboundEventsFor(
      [
        { action: "lead.created", entity: "lead", entityId: "L1", data: { source: "web" } },
        { action: "event.recorded", entity: "lead", entityId: "L1" },
        { action: "lead.reassigned", entity: "lead", entityId: "L1" },
        { action: "lead.sla_breached", entity: "lead", entityId: "L1" },
        { action: "lead.won", entity: "lead", entityId: "L1" },
      ],
      subs,
    );
    expect(events.map((e) => [e.subscription, e.type])).toEqual([
      ["crm", "lead.created"],
      ["ops", "lead.assigned"],
      ["ops", "sla.breached"],
      ["crm", "lead.won"],
      ["ops", "lead.won"],
    ]);
    expect(events[0]).toMatchObject({ leadId: "L1", data: { source: "web" } });
  });

  it("does nothing without subscriptions, and ignores Object.prototype names", () => {
    expect(outboundEventsFor([{ action: "lead.created", entity: "lead" }], [])).toEqual([]);
    expect(outboundEventsFor([{ action: "constructor", entity: "lead" }], subs)).toEqual([]);
  });

  it("a refresh: whole-number score, grade and stage changes, hot, segments", () => {
    const changes = refreshChanges({
      leadId: "L1",
      before: { grade: "warm", stage: "mql", total: 40.2 },
      after: { grade: "hot", stage: "mql", total: 61.7 },
      entered: ["enterprise"],
      left: ["smb"],
    });
    expect(changes.map((c) => [c.action, c.data])).toEqual([
      ["lead.rescored", { changes: { score: { from: 40, to: 62 }, grade: { from: "warm", to: "hot" } } }],
      ["lead.hot", { from: "warm" }],
      ["segment.entered", { segment: "enterprise" }],
      ["segment.left", { segment: "smb" }],
    ]);
    const decayOnly = refreshChanges({
      leadId: "L1",
      before: { grade: "warm", stage: "mql", total: 40.2 },
      after: { grade: "warm", stage: "mql", total: 40.4 },
      entered: [],
      left: [],
    });
    expect(decayOnly).toEqual([]);
  });
});

describe("retries", () => {
  it("backs off exponentially with jitter, capped at an hour", () => {
    expect(backoffMs(1, 0)).toBe(5_000);
    expect(backoffMs(1, 0.999_999)).toBe(10_000);
    expect(backoffMs(3, 0.5)).toBe(30_000);
    expect(backoffMs(30, 1)).toBe(60 * 60 * 1000);
  });

  it("honours a longer Retry-After, and dead-letters past 24 hours from queuing", () => {
    expect(planRetry({ attempts: 1, queuedAt: T0, now: T0, retryAfterMs: 120_000, random: 0 })).toEqual({
      retryAt: new Date(T0.getTime() + 120_000),
    });
    expect(planRetry({ attempts: 1, queuedAt: T0, now: T0, retryAfterMs: 1_000, random: 0 })).toEqual({
      retryAt: new Date(T0.getTime() + 5_000),
    });
    const late = new Date(T0.getTime() + RETRY_BUDGET_MS - 1_000);
    expect(planRetry({ attempts: 20, queuedAt: T0, now: late, random: 0 })).toEqual({ dead: true });
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("30", T0)).toBe(30_000);
    expect(parseRetryAfter(new Date(T0.getTime() + 5_000).toUTCString(), T0)).toBe(5_000);
    expect(parseRetryAfter("soon", T0)).toBeUndefined();
    expect(parseRetryAfter(null, T0)).toBeUndefined();
  });
});

describe("the body and `when`", () => {
  it("checks `when` against the lead as sent and the type", () => {
    const body = buildEventBody({
      eventId: "e1",
      type: "lead.updated",
      occurredAt: T0,
      lead: {
        id: "L1",
        email: "a@b.example",
        name: null,
        company: null,
        title: "CTO",
        source: null,
        score: { fit: 50, engagement: 20, total: 70 },
        grade: "hot",
        stage: "sql",
        owner: "U1",
        segments: ["enterprise"],
      },
      data: {},
    });
    expect(body.occurredAt).toBe("2026-12-07T09:00:00.000Z");
    const when = compileCondition({
      all: [
        { field: "score.total", op: "gte", value: 60, ignoreCase: true },
        { field: "segments", op: "eq", value: "enterprise", ignoreCase: true },
      ],
    });
    expect(when(whenFacts(body))).toBe(true);
    expect(
      compileCondition({ field: "type", op: "eq", value: "lead.won", ignoreCase: true })(whenFacts(body)),
    ).toBe(false);
  });
});

describe("outbound in leadops.yml", () => {
  const yaml = (hook: string) => `outbound:\n  webhooks:\n${hook}`;

  it("parses a webhook and resolves a secret written as a variable reference from the environment", () => {
    const rules = parseRules(
      yaml(
        `    - name: crm\n      url: https://crm.example/h\n      secret: \${CRM_SECRET}\n      events: [lead.won]\n`,
      ),
    );
    const hooks = resolveWebhooks(rules.outbound, (name) => (name === "CRM_SECRET" ? "s3cret" : undefined));
    expect(hooks.get("crm")).toMatchObject({ name: "crm", events: new Set(["lead.won"]), when: null });
    expect(() => resolveWebhooks(rules.outbound, () => undefined)).toThrow(OutboundConfigError);
    expect(() => resolveWebhooks(rules.outbound, () => undefined)).toThrow(/CRM_SECRET is not set/);
  });

  it("names the line of a bad event, URL or secret", () => {
    const text = yaml(
      `    - name: crm\n      url: ftp://crm.example\n      secret: abc\${X}\n      events: [lead.sold]\n`,
    );
    const err = (() => {
      try {
        parseRules(text);
      } catch (e) {
        return e as RulesError;
      }
    })();
    expect(err).toBeInstanceOf(RulesError);
    expect(err!.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "outbound.webhooks.0.url", line: 4 }),
        expect.objectContaining({ path: "outbound.webhooks.0.secret", line: 5 }),
        expect.objectContaining({ path: "outbound.webhooks.0.events.0", line: 6 }),
      ]),
    );
  });

  it("refuses two webhooks with one name", () => {
    const hook = `    - name: crm\n      url: https://crm.example/h\n      secret: x\n      events: [lead.won]\n`;
    expect(() => parseRules(yaml(hook + hook))).toThrow(/duplicate webhook crm/);
  });
});

describe("HubSpot properties", () => {
  it("writes the configured names, segments with semicolons, and a mapped owner only", () => {
    const config = parseRules(
      "outbound:\n  hubspot:\n    token: t\n    owners: { U0AAA: '123' }\n    properties: { grade: ls_grade }\n",
    ).outbound.hubspot!;
    const lead = {
      id: "L1",
      email: "a@b.example",
      name: null,
      company: null,
      title: null,
      source: null,
      score: { fit: 30, engagement: 12.6, total: 42.6 },
      grade: "warm",
      stage: "mql",
      owner: "U0AAA",
      segments: ["smb", "emea"],
    };
    expect(hubspotProperties(config, lead)).toEqual({
      leadops_score: "43",
      ls_grade: "warm",
      leadops_stage: "mql",
      leadops_segments: "smb;emea",
      hubspot_owner_id: "123",
    });
    expect(hubspotProperties(config, { ...lead, owner: "U0BBB" })).not.toHaveProperty("hubspot_owner_id");
    expect(config.apiUrl).toBe("https://api.hubapi.com");
  });

  it("hubspot is not a webhook name", () => {
    const text =
      "outbound:\n  webhooks:\n    - { name: hubspot, url: 'https://x.example', secret: s, events: [lead.won] }\n";
    expect(() => parseRules(text)).toThrow(/hubspot is the name of outbound.hubspot/);
  });
});

describe("leadops outbound replay arguments", () => {
  it("takes --since with a zone (or a date) and an optional --webhook", () => {
    expect(parseReplayArgs(["--since", "2026-12-07T09:00:00Z"])).toEqual({ since: T0 });
    expect(parseReplayArgs(["--since=2026-12-07", "--webhook", "crm"])).toEqual({
      since: new Date("2026-12-07T00:00:00Z"),
      webhook: "crm",
    });
  });

  it("refuses a missing or zone-less time", () => {
    expect(() => parseReplayArgs([])).toThrow(UsageError);
    expect(() => parseReplayArgs(["--since", "2026-12-07T09:00:00"])).toThrow(/with a zone/);
    expect(() => parseReplayArgs(["--since", "yesterday"])).toThrow(UsageError);
  });
});
