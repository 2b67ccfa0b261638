// The embedded default keeps data across a restart, and the server refuses bad configuration.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { boot } from "../../../src/boot.ts";
import { parseEnv } from "../../../src/config/env.ts";
import { createLogger } from "../../../src/observability/logger.ts";

const silent = createLogger("silent");

describe("embedded PGlite data dir", () => {
  it("keeps a lead across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadops-restart-"));
    const env = parseEnv({ LEADOPS_DATA_DIR: dir, LEADOPS_CONFIG: join(dir, "absent.yml") });
    const first = await boot({ env, logger: silent });
    await first.ctx.db.prisma.lead.create({ data: { email: "kept@example.com" } });
    await first.stop();

    const second = await boot({ env, logger: silent });
    const lead = await second.ctx.db.prisma.lead.findUnique({ where: { email: "kept@example.com" } });
    expect(lead?.email).toBe("kept@example.com");
    expect(await second.ctx.db.prisma.lead.count()).toBe(1);
    await second.stop();
  });
});

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

describe("start-up validation", () => {
  it("stops with a message naming each bad variable", async () => {
    const { code, stderr } = await runMain({ PORT: "http", SLACK_BOT_TOKEN: "wrong" });
    expect(code).toBe(1);
    expect(stderr).toContain("PORT");
    expect(stderr).toContain("SLACK_BOT_TOKEN");
  });

  it("stops with a message naming the bad rules field and its line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadops-badrules-"));
    const file = join(dir, "leadops.yml");
    writeFileSync(file, "channels:\n  hot: not-a-channel\n");
    const { code, stderr } = await runMain({ LEADOPS_CONFIG: file, LEADOPS_DATA_DIR: dir });
    expect(code).toBe(1);
    expect(stderr).toContain("line 2");
    expect(stderr).toContain("channels.hot");
  });
});
