import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const path = fileURLToPath(new URL("../../../manifest.yml", import.meta.url));

interface Manifest {
  _metadata: { major_version: number };
  display_information: { name: string; description?: string; long_description?: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    bot_user: { display_name: string; always_online?: boolean };
    slash_commands: {
      command: string;
      description: string;
      usage_hint?: string;
      should_escape?: boolean;
      url?: string;
    }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

const raw = readFileSync(path, "utf8");
const m = parse(raw) as Manifest;

describe("manifest.yml", () => {
  it("parses and targets manifest schema v1", () => {
    expect(m._metadata.major_version).toBe(1);
    expect(m.display_information.name).toBe("LeadOps");
    // Slack's limits: description ≤ 140, long_description 175..4000 characters.
    expect(m.display_information.description?.length ?? 0).toBeLessThanOrEqual(140);
    const long = m.display_information.long_description ?? "";
    expect(long.length).toBeGreaterThanOrEqual(175);
    expect(long.length).toBeLessThanOrEqual(4000);
  });

  it("has a bot user and the App Home tab", () => {
    expect(m.features.bot_user.display_name).toBe("LeadOps");
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.features.app_home.messages_tab_enabled).toBe(true);
  });

  it("declares /leads with a usage hint naming every subcommand", () => {
    const leads = m.features.slash_commands.find((c) => c.command === "/leads");
    expect(leads).toBeDefined();
    expect(leads?.description.length).toBeGreaterThan(0);
    expect(typeof leads?.should_escape).toBe("boolean");
    for (const sub of [
      "help",
      "mine",
      "find",
      "qualify",
      "away",
      "back",
      "rules",
      "simulate",
      "report",
      "export",
    ]) {
      expect(leads?.usage_hint).toContain(sub);
    }
  });

  it("asks for the bot scopes the surfaces need", () => {
    const scopes = m.oauth_config.scopes.bot;
    for (const s of [
      "chat:write",
      "chat:write.public",
      "commands",
      "im:write",
      "files:write",
      "users:read",
    ]) {
      expect(scopes).toContain(s);
    }
    expect(new Set(scopes).size).toBe(scopes.length);
  });

  it("enables interactivity, app_home_opened and Socket Mode by default", () => {
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.event_subscriptions.bot_events).toContain("app_home_opened");
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(typeof m.settings.org_deploy_enabled).toBe("boolean");
    expect(typeof m.settings.token_rotation_enabled).toBe("boolean");
  });

  it("documents HTTP mode with the one /slack/events route", () => {
    expect(raw).toContain("socket_mode_enabled: false");
    expect(raw.match(/https:\/\/YOUR_HOST\/slack\/events/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
  });
});
