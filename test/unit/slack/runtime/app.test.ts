import { describe, expect, it } from "vitest";
import { parseEnv } from "../../../../src/config/env.ts";
import { defaultRules } from "../../../../src/config/rules.ts";
import type { AppContext } from "../../../../src/context.ts";
import { createLogger } from "../../../../src/observability/logger.ts";
import { createSlackRuntime } from "../../../../src/slack/app.ts";

function ctx(env: Record<string, string>): AppContext {
  return {
    env: parseEnv({ LOG_LEVEL: "silent", ...env }),
    rules: defaultRules(),
    rulesHash: "x",
    db: {} as AppContext["db"],
    logger: createLogger("silent"),
    now: () => new Date(),
  };
}

describe("createSlackRuntime", () => {
  it("offline without credentials: no Bolt app, no route", () => {
    expect(createSlackRuntime(ctx({}))).toBeNull();
    expect(createSlackRuntime(ctx({ SLACK_SIGNING_SECRET: "s" }))).toBeNull();
  });

  it("HTTP mode with a signing secret serves /slack/events", () => {
    const rt = createSlackRuntime(ctx({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }), {
      outboxLoop: false,
    });
    expect(rt?.mode).toBe("http");
    expect(rt?.routes).toHaveLength(1);
  });

  it("Socket Mode with an app token, and no HTTP route", () => {
    const rt = createSlackRuntime(ctx({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }), {
      outboxLoop: false,
    });
    expect(rt?.mode).toBe("socket");
    expect(rt?.routes).toHaveLength(0);
  });

  it("points every Web API call at SLACK_API_URL", () => {
    const rt = createSlackRuntime(
      ctx({
        SLACK_BOT_TOKEN: "xoxb-1",
        SLACK_SIGNING_SECRET: "s",
        SLACK_API_URL: "https://slack.example.gov/api",
      }),
      { outboxLoop: false },
    );
    expect(rt?.client.slackApiUrl).toBe("https://slack.example.gov/api/");
  });
});
