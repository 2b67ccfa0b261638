import { describe, expect, it } from "vitest";
import { boltShapeProblem } from "../../../src/slack/receiver.js";

// Signed bodies that Bolt would classify and then crash on (seen in CI as
// "Cannot read properties of undefined (reading 'team_id')"): each is named, not passed on.
describe("boltShapeProblem", () => {
  it("names what an interactive body lacks", () => {
    expect(boltShapeProblem({ name: "x" })).toBe("`user` is not an object");
    expect(boltShapeProblem({ actions: [], user: { id: "U1" }, channel: null })).toBe(
      "`channel` is not an object",
    );
    expect(boltShapeProblem({ type: "view_submission", user: { id: "U1" } })).toBe("`view` is not an object");
    expect(boltShapeProblem({ type: "shortcut", team: { id: "T1" } })).toBe("`user` is not an object");
  });

  it("names what an event body lacks", () => {
    expect(boltShapeProblem({ event: "x" })).toBe("`event` is not an object");
    expect(boltShapeProblem({ event: {}, authorizations: [null] })).toBe(
      "`authorizations[0]` is not an object",
    );
    expect(boltShapeProblem({ event: { channel: 5 } })).toBe(
      "`event.channel` is neither a string nor an object",
    );
    expect(boltShapeProblem({ event: { item: "x" } })).toBe("`event.item` is not an object");
  });

  it("passes the shapes Slack sends, and bodies Bolt ignores", () => {
    expect(
      boltShapeProblem({ type: "block_actions", actions: [], user: { id: "U1" }, team: { id: "T1" } }),
    ).toBeUndefined();
    expect(boltShapeProblem({ command: "/leads", team_id: "T1" })).toBeUndefined();
    expect(
      boltShapeProblem({ type: "event_callback", event: { type: "message", channel: "C1" } }),
    ).toBeUndefined();
    expect(boltShapeProblem({ type: "view_submission", view: {}, user: { id: "U1" } })).toBeUndefined();
    expect(boltShapeProblem({ anything: 1 })).toBeUndefined();
  });
});
