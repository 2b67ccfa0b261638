// Runs the real app as a child process, as an operator would (`npm start`: the bundle that
// scripts/bundle.mjs builds from src/main.ts), so tests can SIGKILL it mid-work and start it
// again on the same data, and the load bench measures what production runs.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Every stdout line (JSON logs). */
  lines: string[];
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

let bundled = false;

/** Builds dist/leadops-server.js from the current sources, once per test process. */
function serverBundle(): string {
  if (!bundled) {
    execFileSync(process.execPath, ["scripts/bundle.mjs"], { stdio: "inherit" });
    bundled = true;
  }
  return "dist/leadops-server.js";
}

export async function startAppProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<AppProcess> {
  // The V8 heap cap `npm start` sets (package.json, LEADOPS_HEAP_MB): see README, "Memory".
  const child = spawn(process.execPath, ["--max-old-space-size=160", serverBundle()], {
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "0",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`app did not start in ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
    void exited.then((code) => reject(new Error(`app exited with ${code} before listening: ${stderr}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      const match = /"address":"(http:\/\/[^"]+)"/.exec(line);
      if (match?.[1] && line.includes("listening")) {
        clearTimeout(timer);
        resolve(match[1].replace("0.0.0.0", "127.0.0.1").replace("[::]", "127.0.0.1"));
      }
    });
  });
  return {
    url,
    child,
    lines,
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
