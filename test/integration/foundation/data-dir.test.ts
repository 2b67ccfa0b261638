// One process per embedded database: a second server is refused while the folder is held (a CLI
// command goes to the server's API instead), a lock left by a dead process is taken over, and a
// folder that is not a database is refused without being touched.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { boot } from "../../../src/boot.ts";
import { parseEnv } from "../../../src/config/env.ts";
import { createLogger } from "../../../src/observability/logger.ts";
import { DataDirError, lockDataDir } from "../../../src/store/data-dir.ts";
import { closedPort } from "../../helpers/cli-process.ts";

const silent = createLogger("silent");

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.stderr.on("data", (d) => {
      out += String(d);
    });
    child.on("exit", (code) => resolve({ code, out }));
  });
}

const freshDir = () => mkdtempSync(join(tmpdir(), "leadops-datadir-"));

describe("the embedded database's folder", () => {
  it("refuses a second server and a CLI command while a server holds it, and restarts cleanly after", async () => {
    const dir = freshDir();
    const env = { LEADOPS_DATA_DIR: dir, LEADOPS_CONFIG: join(dir, "absent.yml") };
    const first = await boot({ env: parseEnv(env), logger: silent });
    await first.ctx.db.prisma.lead.create({ data: { email: "held@example.com" } });
    try {
      const server = await run("src/main.ts", [], { ...env, PORT: "0" });
      expect(server.code).toBe(1);
      expect(server.out).toContain(`in use by process ${process.pid}`);
      expect(server.out).toContain(dir);

      // The CLI goes to the holder's HTTP API (test/integration/foundation/cli-over-http.test.ts);
      // with no server answering there, it says so and touches nothing.
      const cli = await run("src/cli/main.ts", ["report"], { ...env, PORT: String(await closedPort()) });
      expect(cli.code).toBe(1);
      expect(cli.out).toContain(`in use by process ${process.pid}, and no LeadOps server answers at`);
    } finally {
      await first.stop();
    }
    const second = await boot({ env: parseEnv(env), logger: silent });
    expect(await second.ctx.db.prisma.lead.count()).toBe(1);
    await second.stop();
  }, 180_000);

  it("takes over a lock left by a process that is gone", async () => {
    const dir = freshDir();
    const gone = spawn(process.execPath, ["-e", ""]);
    const pid = gone.pid!;
    await new Promise((r) => gone.on("exit", r));
    writeFileSync(join(dir, "leadops.lock"), `${pid}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, "leadops.lock"), "utf8").trim()).toBe(String(process.pid));
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a folder that holds files but no database, and leaves it as it was", () => {
    const dir = freshDir();
    writeFileSync(join(dir, "notes.txt"), "mine");
    expect(() => lockDataDir(dir)).toThrow(DataDirError);
    expect(() => lockDataDir(dir)).toThrow(/LEADOPS_DATA_DIR=.*holds files but no database/);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  });
});
