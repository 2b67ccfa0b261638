import { describe, expect, it } from "vitest";
import { EnvError, missingSlackCredentials, parseEnv } from "../../../src/config/env.ts";

describe("parseEnv", () => {
  it("applies the contract's defaults to an empty environment", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.LEADOPS_DATA_DIR).toBe("./data");
    expect(env.LEADOPS_CONFIG).toBe("./leadops.yml");
    expect(env.SLACK_API_URL).toBe("https://slack.com/api/");
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: " " }).PORT).toBe(3000);
  });

  it("names every bad variable in one error", () => {
    let error: unknown;
    try {
      parseEnv({ PORT: "abc", DATABASE_URL: "mysql://x", SLACK_BOT_TOKEN: "nope", LOG_LEVEL: "loud" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    for (const name of ["PORT", "DATABASE_URL", "SLACK_BOT_TOKEN", "LOG_LEVEL"])
      expect(message).toContain(name);
    expect((error as EnvError).problems).toHaveLength(4);
  });

  it("adds the trailing slash to SLACK_API_URL", () => {
    expect(parseEnv({ SLACK_API_URL: "http://127.0.0.1:9999/api" }).SLACK_API_URL).toBe(
      "http://127.0.0.1:9999/api/",
    );
  });

  it("reports missing Slack credentials for offline mode", () => {
    expect(missingSlackCredentials(parseEnv({}))).toEqual([
      "SLACK_BOT_TOKEN",
      "SLACK_SIGNING_SECRET or SLACK_APP_TOKEN",
    ]);
    expect(
      missingSlackCredentials(parseEnv({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" })),
    ).toEqual([]);
    expect(
      missingSlackCredentials(parseEnv({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" })),
    ).toEqual([]);
  });
});
