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

  it("reads the HTTP edge settings, with their defaults", () => {
    const env = parseEnv({});
    expect(env.LEADOPS_TRUST_PROXY).toBe(false);
    expect(env.LEADOPS_IP_RATE_LIMIT_PER_MINUTE).toBe(12_000);
    expect(env.LEADOPS_REQUEST_TIMEOUT_MS).toBe(30_000);
    expect(env.LEADOPS_HEADERS_TIMEOUT_MS).toBe(10_000);
    expect(env.LEADOPS_IDLE_TIMEOUT_MS).toBe(60_000);
    expect(env.LEADOPS_METRICS_PORT).toBeUndefined();
    expect(parseEnv({ LEADOPS_TRUST_PROXY: "2" }).LEADOPS_TRUST_PROXY).toBe(2);
    expect(parseEnv({ LEADOPS_TRUST_PROXY: "10.0.0.1, 10.1.0.0/16" }).LEADOPS_TRUST_PROXY).toEqual([
      "10.0.0.1",
      "10.1.0.0/16",
    ]);
    expect(parseEnv({ LEADOPS_METRICS_PORT: "9464" }).LEADOPS_METRICS_PORT).toBe(9464);
  });

  it("names a bad proxy list, rate limit, timeout or metrics port", () => {
    let error: unknown;
    try {
      parseEnv({
        LEADOPS_TRUST_PROXY: "everyone",
        LEADOPS_IP_RATE_LIMIT_PER_MINUTE: "-1",
        LEADOPS_REQUEST_TIMEOUT_MS: "0",
        LEADOPS_METRICS_PORT: "70000",
      });
    } catch (err) {
      error = err;
    }
    const problems = (error as EnvError).problems;
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain("LEADOPS_TRUST_PROXY");
    expect(problems[0]).toContain("everyone");
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
