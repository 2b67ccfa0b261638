import { describe, expect, it } from "vitest";
import { shouldPause } from "../../../../src/core/routing/should-pause.ts";
import { config } from "./fixtures.ts";

const autoPause = config().autoPause;

describe("shouldPause", () => {
  it("pauses after N consecutive missed claims or SLA breaches", () => {
    expect(shouldPause({ rep: { missedClaims: 2, slaBreaches: 2 }, config: autoPause })).toEqual({
      pause: false,
    });
    expect(shouldPause({ rep: { missedClaims: 3 }, config: autoPause })).toEqual({
      pause: true,
      trigger: "missed_claims",
      count: 3,
      reason: "3 missed claims in a row",
    });
    expect(shouldPause({ rep: { slaBreaches: 4 }, config: autoPause })).toMatchObject({
      pause: true,
      trigger: "sla_breaches",
    });
  });

  it("never pauses twice, and 0 turns a rule off", () => {
    expect(shouldPause({ rep: { paused: true, missedClaims: 9 }, config: autoPause })).toEqual({
      pause: false,
    });
    expect(
      shouldPause({
        rep: { missedClaims: 99, slaBreaches: 99 },
        config: { missedClaims: 0, slaBreaches: 0 },
      }),
    ).toEqual({
      pause: false,
    });
  });
});
