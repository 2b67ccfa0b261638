import { describe, expect, it } from "vitest";
import { explainDecision } from "../../../../src/core/routing/explain-decision.ts";
import { routeLead } from "../../../../src/core/routing/route-lead.ts";
import { assignAll, config, emptyState, hotSql, NOW, rep } from "./fixtures.ts";

const reps = [
  rep(1, { name: "Ana", away: true, awayUntil: "2026-03-20T09:00:00Z" }),
  rep(2, { name: "Bo", capacity: 3 }),
  rep(3, {
    name: "Cy",
    timezone: "Asia/Kolkata",
    workingHours: { days: ["mon"], start: "09:00", end: "17:00" },
  }),
  rep(4, { name: "Di" }),
  rep(5, { name: "Ed", paused: true, pausedReason: "3 missed claims in a row" }),
];
const state = { ...emptyState(), openCounts: { U002: 3 } };

describe("explainDecision", () => {
  it("says route, rule, strategy, owner and every skipped rep with the reason", () => {
    const r = routeLead({
      lead: hotSql,
      segments: [],
      config: config(),
      reps,
      state,
      now: NOW,
      trigger: "claim_expired",
    });
    expect(explainDecision(r.decision, { format: "plain" })).toBe(
      [
        'Route "hot": grade is hot. Nobody claimed within the claim window.',
        "Assigned to Di by round robin in pool all.",
        "Skipped: Ana away until 2026-03-20 09:00 UTC; Bo at capacity 3/3; " +
          "Cy outside working hours (Wed 20:30 Asia/Kolkata; works mon 09:00–17:00); " +
          "Ed paused (3 missed claims in a row).",
      ].join("\n"),
    );
    expect(explainDecision(r.decision)).toContain("Assigned to <@U004>");
  });

  it("claim posts, fallbacks, held leads and pools", () => {
    const claim = routeLead({ lead: hotSql, segments: [], config: config(), reps, state, now: NOW });
    expect(explainDecision(claim.decision)).toContain(
      "Posted for claim for 5 min (2 can claim); then round robin over all (1/5 eligible).",
    );
    const fallback = routeLead({
      lead: hotSql,
      segments: [],
      config: assignAll("weighted", {
        fallback: "C0TRIAGE",
        pools: [{ name: "ent", seniority: ["senior"] }],
        defaultRoute: { mode: "assign", pool: "ent", strategy: "weighted" },
      }),
      reps: [...reps, rep(6, { name: "Fay", seniority: "senior", away: true })],
      state,
      now: NOW,
    });
    const text = explainDecision(fallback.decision, { format: "plain" });
    expect(text).toContain("Nobody eligible in ent (0/1 eligible): sent to <#C0TRIAGE>.");
    expect(text).toContain("Skipped: Fay away.");
    expect(text).toContain("5 reps not in the pool.");
    const held = routeLead({
      lead: { grade: "cold" },
      segments: [],
      config: config(),
      reps,
      state,
      now: NOW,
    });
    expect(explainDecision(held.decision)).toBe(
      'Route (default) "default": no route matched: default.\nHeld: not routed to a rep (stays with marketing).',
    );
  });

  it("long skip lists are cut short", () => {
    const many = Array.from({ length: 30 }, (_, i) => rep(i + 1, { away: true }));
    const r = routeLead({
      lead: hotSql,
      segments: [],
      config: assignAll("round_robin"),
      reps: many,
      state: emptyState(),
      now: NOW,
    });
    expect(explainDecision(r.decision, { maxSkipped: 3 })).toContain("; and 27 more.");
  });
});
