// The lifecycle table: every allowed move is allowed from each of its starting states by each of
// its triggers and ends where the table says; every other (move, state, trigger) is refused; and
// docs/lifecycle.md is the table as rendered now.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decideMove, leadStateOf } from "../../../src/core/lifecycle/decide-move.ts";
import { MOVES, ownerships, triggers } from "../../../src/core/lifecycle/moves.ts";
import { renderLifecycle } from "../../../src/core/lifecycle/render-lifecycle.ts";
import { stages } from "../../../src/core/scoring/types.ts";

describe("lifecycle", () => {
  it("allows every move from every state and trigger the table lists, and nothing else", () => {
    let allowed = 0;
    let refused = 0;
    for (const move of MOVES) {
      for (const stage of stages) {
        for (const ownership of ownerships) {
          for (const by of triggers) {
            const d = decideMove({ move: move.name, from: { stage, ownership }, by });
            const listed =
              move.from.stages.includes(stage) &&
              move.from.ownerships.includes(ownership) &&
              move.by.includes(by);
            expect(d.ok, `${move.name} from ${stage}/${ownership} by ${by}`).toBe(listed);
            if (d.ok) {
              allowed++;
              expect(d.to.stage).toBe(move.to.stage === "same" ? stage : move.to.stage);
              expect(d.to.ownership).toBe(move.to.ownership === "same" ? ownership : move.to.ownership);
            } else {
              refused++;
              expect(d.reason).toMatch(move.name);
            }
          }
        }
      }
    }
    expect(allowed).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(allowed);
  });

  it("brings a nurtured lead back as sql when it turns hot, and only by score", () => {
    const d = decideMove({ move: "reenter", from: { stage: "nurture", ownership: "unowned" }, by: "score" });
    expect(d.ok && d.to).toEqual({ stage: "sql", ownership: "unowned" });
    expect(
      decideMove({ move: "reenter", from: { stage: "nurture", ownership: "unowned" }, by: "rep" }).ok,
    ).toBe(false);
    expect(
      decideMove({ move: "hot", from: { stage: "nurture", ownership: "unowned" }, by: "score" }).ok,
    ).toBe(false);
  });

  it("lets only a manager reopen a lost lead, and a customer buy again", () => {
    const lost = leadStateOf({ stage: "sql", ownerSlackId: "U1", lostAt: new Date() });
    expect(lost).toEqual({ stage: "sql", ownership: "closed" });
    expect(decideMove({ move: "reopen", from: lost, by: "manager" }).ok).toBe(true);
    expect(decideMove({ move: "reopen", from: lost, by: "owner" }).ok).toBe(false);
    const customer = leadStateOf({ stage: "customer", ownerSlackId: "U1", lostAt: null });
    expect(decideMove({ move: "buy-again", from: customer, by: "owner" }).ok).toBe(true);
    expect(decideMove({ move: "win", from: customer, by: "owner" }).ok).toBe(false);
  });

  it("reads ownership from the stored fields", () => {
    expect(leadStateOf({ stage: "sql", ownerSlackId: null, lostAt: null }).ownership).toBe("unowned");
    expect(
      leadStateOf({ stage: "sql", ownerSlackId: null, lostAt: null, claimDeadlineAt: new Date() }).ownership,
    ).toBe("offered");
    expect(leadStateOf({ stage: "sql", ownerSlackId: "U1", lostAt: null }).ownership).toBe("owned");
  });

  it("docs/lifecycle.md is the table as rendered now (npx tsx scripts/render-lifecycle.ts)", () => {
    const doc = readFileSync(new URL("../../../docs/lifecycle.md", import.meta.url), "utf8");
    expect(doc).toBe(renderLifecycle());
  });
});
