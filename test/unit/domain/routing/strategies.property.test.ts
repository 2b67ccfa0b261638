// Properties of the rotation over many random teams and sequences.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { strategies } from "../../../../src/core/routing/config.ts";
import { routeLead } from "../../../../src/core/routing/route-lead.ts";
import type { RoutingRep, RoutingState } from "../../../../src/core/routing/types.ts";
import { assignAll, emptyState, hotSql, NOW, rep, team } from "./fixtures.ts";

/** Routes `n` leads one after another, threading the state; returns the owners. */
function run(opts: { reps: RoutingRep[]; strategy: string; n: number; state?: RoutingState }) {
  const cfg = assignAll(opts.strategy);
  let state = opts.state ?? emptyState();
  const owners: (string | null)[] = [];
  for (let i = 0; i < opts.n; i++) {
    const { decision, nextState } = routeLead({
      lead: hotSql,
      segments: [],
      config: cfg,
      reps: opts.reps,
      state,
      now: NOW,
    });
    owners.push(decision.outcome.kind === "assigned" ? decision.outcome.repSlackId : null);
    state = nextState;
  }
  return { owners, state };
}

const counts = (owners: (string | null)[]) => {
  const m = new Map<string, number>();
  for (const o of owners) if (o) m.set(o, (m.get(o) ?? 0) + 1);
  return m;
};

describe("rotation evenness", () => {
  it("N leads to K equal always-eligible reps: each gets ⌊N/K⌋ or ⌈N/K⌉, from any starting cursor", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("round_robin", "weighted", "least_loaded", "performance"),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 150 }),
        fc.nat(),
        (strategy, k, n, start) => {
          const reps = team(k);
          const state = emptyState();
          // Arbitrary persisted position: the last pick was rep `start mod k`.
          const last = reps[start % k]?.slackId as string;
          state.cursor.all = { position: start % k, state: { last } };
          const { owners } = run({ reps, strategy, n, state });
          const c = counts(owners);
          for (const r of reps) {
            const got = c.get(r.slackId) ?? 0;
            expect(got).toBeGreaterThanOrEqual(Math.floor(n / k));
            expect(got).toBeLessThanOrEqual(Math.ceil(n / k));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("weighted: over full cycles each rep gets exactly its weight share, and every prefix is within ±1", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 3 }),
        (weights, cycles) => {
          const reps = weights.map((w, i) => rep(i + 1, { weight: w }));
          const total = weights.reduce((a, b) => a + b, 0);
          const { owners } = run({ reps, strategy: "weighted", n: total * cycles });
          const running = new Map<string, number>();
          owners.forEach((o, i) => {
            running.set(o as string, (running.get(o as string) ?? 0) + 1);
            for (const r of reps) {
              const expected = ((i + 1) * (r.weight ?? 1)) / total;
              expect(Math.abs((running.get(r.slackId) ?? 0) - expected)).toBeLessThanOrEqual(1);
            }
          });
          for (const r of reps) expect(running.get(r.slackId) ?? 0).toBe((r.weight ?? 1) * cycles);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("skips", () => {
  const arbRep = (i: number) =>
    fc
      .record({
        away: fc.boolean(),
        paused: fc.boolean(),
        capacity: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        open: fc.integer({ min: 0, max: 4 }),
        hours: fc.option(
          fc.record({
            timezone: fc.constantFrom(
              "UTC",
              "America/New_York",
              "Europe/Berlin",
              "Asia/Kolkata",
              "Pacific/Auckland",
            ),
            start: fc.integer({ min: 0, max: 23 }),
            len: fc.integer({ min: 1, max: 23 }),
          }),
          { nil: undefined },
        ),
        weight: fc.integer({ min: 1, max: 4 }),
      })
      .map((a) => ({
        rep: rep(i, {
          away: a.away,
          paused: a.paused,
          capacity: a.capacity,
          weight: a.weight,
          ...(a.hours
            ? {
                timezone: a.hours.timezone,
                workingHours: {
                  days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const,
                  start: `${String(a.hours.start).padStart(2, "0")}:00`,
                  end: `${String((a.hours.start + a.hours.len) % 24).padStart(2, "0")}:00`,
                },
              }
            : {}),
        }) as RoutingRep,
        open: a.open,
      }));

  it("never picks an ineligible rep, and falls back exactly when nobody is eligible", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 10 })
          .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => arbRep(i + 1)))),
        fc.constantFrom(...strategies),
        fc.date({
          min: new Date("2026-01-01T00:00:00Z"),
          max: new Date("2026-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 8 }),
        (rows, strategy, now, n) => {
          const reps = rows.map((r) => r.rep);
          let state: RoutingState = {
            ...emptyState(),
            openCounts: Object.fromEntries(rows.map((r) => [r.rep.slackId, r.open])),
          };
          const cfg = assignAll(strategy);
          for (let i = 0; i < n; i++) {
            const { decision, nextState } = routeLead({
              lead: hotSql,
              segments: [],
              config: cfg,
              reps,
              state,
              now,
            });
            const eligible = decision.candidates.filter((c) => c.eligible).map((c) => c.slackId);
            if (decision.outcome.kind === "assigned") {
              expect(eligible).toContain(decision.outcome.repSlackId);
              const c = decision.candidates.find(
                (x) => x.slackId === (decision.outcome as { repSlackId: string }).repSlackId,
              );
              expect(c?.reasons).toEqual([]);
            } else {
              expect(decision.outcome.kind).toBe("fallback");
              expect(eligible).toEqual([]);
            }
            state = nextState;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("return from leave", () => {
  it("a rep back from leave gets their normal turn, not the leads they missed", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("round_robin", "weighted", "least_loaded"),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 0, max: 60 }),
        (strategy, k, awayLeads) => {
          const reps = team(k);
          const cfg = assignAll(strategy);
          let state = emptyState();
          // Closing leads as they come keeps least-loaded about load, not history.
          const step = (list: RoutingRep[]) => {
            const r = routeLead({ lead: hotSql, segments: [], config: cfg, reps: list, state, now: NOW });
            state = { ...r.nextState, openCounts: {} };
            return r.decision.outcome.kind === "assigned" ? r.decision.outcome.repSlackId : null;
          };
          for (let i = 0; i < k; i++) step(reps);
          const away = reps.map((r, i) => (i === 0 ? { ...r, away: true } : r));
          for (let i = 0; i < awayLeads; i++) expect(step(away)).not.toBe(reps[0]?.slackId);
          const after = Array.from({ length: 2 * k }, () => step(reps));
          const mine = after.filter((o) => o === reps[0]?.slackId).length;
          // Exactly their share of the next 2K leads, give or take one: no catch-up burst.
          expect(mine).toBeGreaterThanOrEqual(1);
          expect(mine).toBeLessThanOrEqual(3);
          const firstK = after.slice(0, k).filter((o) => o === reps[0]?.slackId).length;
          expect(firstK).toBeLessThanOrEqual(strategy === "weighted" ? 2 : 1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
