import { describe, expect, it } from "vitest";
import { creditDispute } from "../../../../src/core/routing/fairness.ts";
import { routeLead } from "../../../../src/core/routing/route-lead.ts";
import type { RoutingRep, RoutingState } from "../../../../src/core/routing/types.ts";
import { assignAll, config, emptyState, hotSql, NOW, rep, team } from "./fixtures.ts";

const owner = (r: ReturnType<typeof routeLead>) =>
  r.decision.outcome.kind === "assigned" ? r.decision.outcome.repSlackId : r.decision.outcome.kind;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

describe("routeLead: modes and state transitions", () => {
  it("hot lead with the defaults: claim first in the hot channel, 5 minute window, nothing changes yet", () => {
    const state = deepFreeze(emptyState());
    const r = routeLead({ lead: hotSql, segments: [], config: config(), reps: team(3), state, now: NOW });
    expect(r.decision.route).toMatchObject({
      name: "hot",
      isDefault: false,
      index: 0,
      matched: ["grade is hot"],
    });
    expect(r.decision.outcome).toEqual({
      kind: "claim",
      channel: null,
      windowMinutes: 5,
      claimDeadlineAt: "2026-03-11T15:05:00.000Z",
      claimers: ["U001", "U002", "U003"],
    });
    expect(r.nextState).toBe(state);
    expect(r.update).toEqual({ cursor: {}, ledger: [], openCounts: {} });
  });

  it("claim window over: assigns by round robin and returns the new cursor and ledger without touching the input", () => {
    const state = deepFreeze(emptyState());
    const r = routeLead({
      lead: hotSql,
      segments: [],
      config: config(),
      reps: team(3),
      state,
      now: NOW,
      trigger: "claim_expired",
    });
    expect(r.decision.outcome).toEqual({
      kind: "assigned",
      repSlackId: "U001",
      pool: "all",
      strategy: "round_robin",
      method: "round_robin",
      credit: false,
    });
    expect(r.nextState.cursor).toEqual({ all: { position: 0, state: { last: "U001" } } });
    expect(r.nextState.ledger).toEqual({
      all: { U001: { assigned: 1, credits: 0, lastAssignedAt: NOW.toISOString() } },
    });
    expect(r.nextState.openCounts).toEqual({ U001: 1 });
    expect(r.update).toEqual({
      cursor: { all: { position: 0, state: { last: "U001" } } },
      ledger: [
        {
          pool: "all",
          repSlackId: "U001",
          entry: { assigned: 1, credits: 0, lastAssignedAt: NOW.toISOString() },
        },
      ],
      openCounts: { U001: 1 },
    });
    expect(state).toEqual(emptyState());
  });

  it("sales-ready (CHAMP-promoted, not hot) leads are assigned at once; others are held for marketing", () => {
    const cfg = config();
    const sql = routeLead({
      lead: { grade: "warm", stage: "sql" },
      segments: [],
      config: cfg,
      reps: team(2),
      state: emptyState(),
      now: NOW,
    });
    expect(sql.decision.route.name).toBe("sales-ready");
    expect(owner(sql)).toBe("U001");
    const warm = routeLead({
      lead: { grade: "warm", stage: "mql" },
      segments: [],
      config: cfg,
      reps: team(2),
      state: emptyState(),
      now: NOW,
    });
    expect(warm.decision.route).toMatchObject({ name: "default", isDefault: true, index: null });
    expect(warm.decision.outcome).toEqual({ kind: "held" });
  });

  it("claimers ignore working hours; nobody able to claim goes straight to the fallback", () => {
    const night = {
      timezone: "Asia/Tokyo",
      workingHours: { days: ["mon" as const], start: "09:00", end: "10:00" },
    };
    const reps = [rep(1, night), rep(2, { away: true })];
    const claim = routeLead({
      lead: hotSql,
      segments: [],
      config: config(),
      reps,
      state: emptyState(),
      now: NOW,
    });
    expect(claim.decision.outcome).toMatchObject({ kind: "claim", claimers: ["U001"] });
    const nobody = routeLead({
      lead: hotSql,
      segments: [],
      config: config(),
      reps: [rep(1, { paused: true }), rep(2, { away: true })],
      state: emptyState(),
      now: NOW,
    });
    expect(nobody.decision.outcome).toEqual({
      kind: "fallback",
      target: { type: "managers" },
      method: "fallback",
    });
  });

  it("SLA re-route excludes the current owner and is recorded as sla_reroute", () => {
    const r = routeLead({
      lead: hotSql,
      segments: [],
      config: config(),
      reps: team(2),
      state: emptyState(),
      now: NOW,
      trigger: "sla_reroute",
      exclude: ["U001"],
    });
    expect(r.decision.outcome).toMatchObject({ kind: "assigned", repSlackId: "U002", method: "sla_reroute" });
    expect(r.decision.candidates[0]?.reasons).toEqual([
      { code: "excluded", why: "current owner, SLA re-route" },
    ]);
  });
});

describe("fallback", () => {
  const everyoneOut: RoutingRep[] = [
    rep(1, { away: true }),
    rep(2, { capacity: 2 }),
    rep(3, { paused: true, pausedReason: "3 missed claims in a row" }),
    rep(4, { timezone: "Europe/Berlin", workingHours: { days: ["sat"], start: "09:00", end: "17:00" } }),
  ];
  const state: RoutingState = { ...emptyState(), openCounts: { U002: 2 } };

  it("when nobody is eligible the lead goes to the configured fallback, never nowhere", () => {
    for (const [fallback, target] of [
      ["managers", { type: "managers" }],
      ["U0MANAGER", { type: "user", id: "U0MANAGER" }],
      ["C0TRIAGE", { type: "channel", id: "C0TRIAGE" }],
    ] as const) {
      const r = routeLead({
        lead: hotSql,
        segments: [],
        config: assignAll("round_robin", { fallback }),
        reps: everyoneOut,
        state,
        now: NOW,
      });
      expect(r.decision.outcome).toEqual({ kind: "fallback", target, method: "fallback" });
      expect(r.nextState).toBe(state);
    }
    const none = routeLead({
      lead: hotSql,
      segments: [],
      config: assignAll("weighted"),
      reps: [],
      state,
      now: NOW,
    });
    expect(none.decision.outcome.kind).toBe("fallback");
  });

  it("every candidate says why it was skipped", () => {
    const r = routeLead({
      lead: hotSql,
      segments: [],
      config: assignAll("least_loaded"),
      reps: everyoneOut,
      state,
      now: NOW,
    });
    expect(r.decision.candidates.map((c) => [c.slackId, c.reasons])).toEqual([
      ["U001", [{ code: "away", until: null }]],
      ["U002", [{ code: "at_capacity", open: 2, capacity: 2 }]],
      ["U003", [{ code: "paused", reason: "3 missed claims in a row" }]],
      [
        "U004",
        [
          {
            code: "outside_hours",
            localTime: "Wed 16:00",
            timezone: "Europe/Berlin",
            hours: "sat 09:00–17:00",
          },
        ],
      ],
    ]);
    expect(r.decision.pools).toEqual([{ name: "all", members: 4, eligible: 0 }]);
    expect(JSON.parse(JSON.stringify(r.decision))).toEqual(r.decision);
  });

  it("capacity frees up as open counts come down", () => {
    const r = routeLead({
      lead: hotSql,
      segments: [],
      config: assignAll("round_robin"),
      reps: everyoneOut,
      state: { ...state, openCounts: { U002: 1 } },
      now: NOW,
    });
    expect(owner(r)).toBe("U002");
    expect(r.nextState.openCounts.U002).toBe(2);
    const again = routeLead({
      lead: hotSql,
      segments: [],
      config: assignAll("round_robin"),
      reps: everyoneOut,
      state: r.nextState,
      now: NOW,
    });
    expect(again.decision.outcome.kind).toBe("fallback");
  });
});

describe("pools", () => {
  const reps: RoutingRep[] = [
    rep(1, { seniority: "junior", industries: ["SaaS"], regions: ["EMEA"] }),
    rep(2, { seniority: "senior", industries: ["fintech"], regions: ["NA"] }),
    rep(3, { seniority: "senior", industries: ["saas"], regions: ["emea", "DE"], away: true }),
    rep(4, { seniority: "mid", industries: ["health"], regions: ["APAC"] }),
  ];
  const cfg = config({
    pools: [
      { name: "enterprise", seniority: ["senior"] },
      { name: "industry", matchLead: ["industry"] },
      { name: "geo", matchLead: ["region"], exclude: ["U003"] },
      { name: "named", reps: ["U004"], industries: ["fintech"] },
    ],
    routes: [
      {
        name: "ent",
        when: { field: "companySize", op: "gte", value: 1000 },
        pool: "enterprise",
        overflow: ["all"],
      },
      { name: "by-industry", segments: ["saas"], pool: "industry" },
      { name: "by-geo", sources: ["webinar"], pool: "geo" },
      { name: "named", sources: ["partner"], pool: "named" },
    ],
  });
  const route = (lead: Record<string, unknown>, segments: string[] = []) =>
    routeLead({ lead: { ...lead }, segments, config: cfg, reps, state: emptyState(), now: NOW });

  it("seniority pool: enterprise leads go to experienced reps", () => {
    const r = route({ companySize: 5000 });
    expect(owner(r)).toBe("U002");
    expect(r.decision.pools[0]).toEqual({ name: "enterprise", members: 2, eligible: 1 });
    // The junior rep is only in the overflow pool, which was not needed.
    expect(r.decision.candidates.find((c) => c.slackId === "U001")?.pools).toEqual(["all"]);
  });

  it("overflow: nobody eligible in the primary pool, the next pool is tried before the fallback", () => {
    const r = routeLead({
      lead: { companySize: 5000 },
      segments: [],
      config: cfg,
      reps: reps.map((x) => (x.slackId === "U002" ? { ...x, paused: true } : x)),
      state: emptyState(),
      now: NOW,
    });
    expect(r.decision.pools).toEqual([
      { name: "enterprise", members: 2, eligible: 0 },
      { name: "all", members: 4, eligible: 2 },
    ]);
    expect(r.decision.outcome).toMatchObject({ kind: "assigned", repSlackId: "U001", pool: "all" });
    expect(Object.keys(r.update.cursor)).toEqual(["all"]);
  });

  it("industry and geography pools match the lead's own industry / region or country, case-insensitively", () => {
    const saas = route({ industry: "SAAS" }, ["SaaS"]);
    expect(saas.decision.pools).toEqual([{ name: "industry", members: 2, eligible: 1 }]);
    expect(owner(saas)).toBe("U001");
    const geo = route({ source: "webinar", country: "DE" });
    expect(geo.decision.pools).toEqual([{ name: "geo", members: 0, eligible: 0 }]);
    expect(geo.decision.outcome.kind).toBe("fallback");
    expect(owner(route({ source: "webinar", region: "na" }))).toBe("U002");
  });

  it("explicit members join whatever their attributes", () => {
    const r = route({ source: "partner" });
    expect(r.decision.candidates.filter((c) => c.pools.length > 0).map((c) => c.slackId)).toEqual([
      "U002",
      "U004",
    ]);
  });
});

describe("fairness", () => {
  it("junk dispute credit: the rep gets a make-up lead next, and their regular turn still comes", () => {
    const cfg = assignAll("round_robin");
    const reps = team(3);
    let state = emptyState();
    const next = () => {
      const r = routeLead({ lead: hotSql, segments: [], config: cfg, reps, state, now: NOW });
      state = r.nextState;
      return r;
    };
    expect([next(), next(), next()].map(owner)).toEqual(["U001", "U002", "U003"]);
    // A manager approves U001's junk dispute on their lead.
    state = {
      ...state,
      ledger: { all: { ...state.ledger.all, U001: creditDispute({ entry: state.ledger.all?.U001 }) } },
    };
    expect(state.ledger.all?.U001).toMatchObject({ assigned: 0, credits: 1 });
    const makeUp = next();
    expect(makeUp.decision.outcome).toMatchObject({ repSlackId: "U001", credit: true });
    expect(makeUp.update.cursor).toEqual({});
    expect(state.ledger.all?.U001).toMatchObject({ assigned: 1, credits: 0 });
    // The rotation continues where it was: U001's own turn is not consumed by the make-up.
    expect([next(), next(), next()].map(owner)).toEqual(["U001", "U002", "U003"]);
    expect(Object.values(state.ledger.all ?? {}).map((e) => e.assigned)).toEqual([2, 2, 2]);
  });

  it("a credit waits while the rep is away and is not handed to someone else", () => {
    const cfg = assignAll("weighted");
    let state: RoutingState = {
      ...emptyState(),
      ledger: { all: { U002: creditDispute({ entry: undefined }) } },
    };
    const away = [rep(1), rep(2, { away: true }), rep(3)];
    for (let i = 0; i < 4; i++) {
      const r = routeLead({ lead: hotSql, segments: [], config: cfg, reps: away, state, now: NOW });
      expect(r.decision.outcome).toMatchObject({ credit: false });
      state = r.nextState;
    }
    const back = routeLead({ lead: hotSql, segments: [], config: cfg, reps: team(3), state, now: NOW });
    expect(back.decision.outcome).toMatchObject({ repSlackId: "U002", credit: true });
  });

  it("removing the last-picked rep resumes at the rep who followed them", () => {
    const reps = team(4);
    const state: RoutingState = {
      ...emptyState(),
      cursor: { all: { position: 1, state: { last: "U002" } } },
    };
    const without = reps.filter((r) => r.slackId !== "U002");
    expect(
      owner(
        routeLead({ lead: hotSql, segments: [], config: assignAll("round_robin"), reps, state, now: NOW }),
      ),
    ).toBe("U003");
    expect(
      owner(
        routeLead({
          lead: hotSql,
          segments: [],
          config: assignAll("round_robin"),
          reps: without,
          state,
          now: NOW,
        }),
      ),
    ).toBe("U003");
  });

  it("least-loaded prefers the idle rep but not twice in a row", () => {
    const state: RoutingState = { ...emptyState(), openCounts: { U001: 0, U002: 5, U003: 5 } };
    let s = state;
    const owners: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = routeLead({
        lead: hotSql,
        segments: [],
        config: assignAll("least_loaded"),
        reps: team(3),
        state: s,
        now: NOW,
      });
      owners.push(String(owner(r)));
      s = r.nextState;
    }
    expect(owners).toEqual(["U001", "U002", "U001", "U003"]);
  });

  it("performance weighting sends more leads to better converters", () => {
    const stats = {
      U001: { assigned: 100, converted: 30 },
      U002: { assigned: 100, converted: 10 },
      U003: { assigned: 0, converted: 0 },
    };
    let state: RoutingState = { ...emptyState(), stats };
    const c = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const r = routeLead({
        lead: hotSql,
        segments: [],
        config: assignAll("performance"),
        reps: team(3),
        state,
        now: NOW,
      });
      c.set(String(owner(r)), (c.get(String(owner(r))) ?? 0) + 1);
      state = { ...r.nextState, openCounts: {} };
    }
    expect(c.get("U001")).toBeGreaterThan(c.get("U003") ?? 0);
    expect(c.get("U003")).toBeGreaterThan(c.get("U002") ?? 0);
  });
});
