import { describe, expect, it } from "vitest";
import type { HotLeadVM } from "../../../../src/slack/blocks/types.ts";
import {
  buildCombinedStatusMessage,
  buildCombinedStatusPost,
} from "../../../../src/slack/render/combined-status.ts";
import { buildQualificationSummary } from "../../../../src/slack/render/qualification-summary.ts";
import { buildPrivateNotice } from "../../../../src/slack/render/refusal.ts";

function lead(i: number): HotLeadVM {
  return {
    id: `lead-${i}`,
    name: `Lead ${i}`,
    company: "Acme",
    score: { fit: 40, engagement: 30, total: 70, grade: "hot" },
    topReasons: [{ rule: "Appointment booked", points: 25 }],
    claimWindowMinutes: 5,
  };
}

describe("combined post after a change", () => {
  it("keeps every lead's own buttons: owner buttons for the claimed one, Claim for the waiting ones", () => {
    const msg = buildCombinedStatusMessage([
      { lead: lead(1), status: { state: "claimed", ownerSlackId: "U1", claimedInMs: 65_000 }, current: true },
      { lead: lead(2), status: null, current: true },
      { lead: lead(3), status: { state: "released", byUserId: "U2" }, current: false },
    ]);
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("claimed by <@U1> in 1m 5s");
    expect(json).toContain('"action_id":"lead_contacted","value":"lead-1"');
    expect(json).toContain('"action_id":"lead_claim","value":"lead-2"');
    // Re-posted elsewhere: no button here.
    expect(json).not.toContain('"value":"lead-3"');
    expect(json).toContain("released by <@U2>");
  });

  it("never exceeds 50 blocks", () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({ lead: lead(i), status: null, current: true }));
    expect(buildCombinedStatusMessage(entries).blocks.length).toBeLessThanOrEqual(50);
  });

  it("says how many leads a first post holds, and names only those", () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({
      lead: lead(i),
      status: i % 2 ? null : ({ state: "assigned", ownerSlackId: "U1", route: null, afterMs: null } as const),
      current: true,
    }));
    const { message, included } = buildCombinedStatusPost(entries);
    expect(included).toBeGreaterThan(1);
    expect(included).toBeLessThan(30);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain(`${included} of 30 hot leads`);
    // Each lead's buttons carry its id; the ones left for the next slot appear nowhere.
    expect(json).toContain(`lead-${included - 1}"`);
    expect(json).not.toContain(`lead-${included}"`);
    expect(message.text.split("\n")).toHaveLength(included);
  });
});

describe("private notices and the qualification summary", () => {
  it("escapes user text but keeps the mentions we built", () => {
    const msg = buildPrivateNotice("This lead was already claimed by <@U0ABC>. <!channel> *x*");
    expect(msg.text).toContain("<@U0ABC>");
    expect(msg.text).toContain("&lt;!channel&gt;");
  });

  it("lists every answer with its points and the notes", () => {
    const msg = buildQualificationSummary({
      lead: { id: "l1", name: "Jane" },
      framework: "CHAMP",
      byUserId: "U1",
      points: 35,
      qualified: true,
      stage: "sql",
      answers: [{ question: "Challenges: what problem?", answer: "Clear pain", points: 10 }],
      notes: "<!here> call back",
    });
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain("Clear pain");
    expect(json).toContain("`+10`");
    expect(json).toContain("&lt;!here&gt;");
    expect(msg.text).toContain("qualified");
  });
});
