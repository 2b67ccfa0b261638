// Runs `leadops <command>` as its own process (`npx leadops` runs src/cli/main.ts through tsx), as
// an operator does next to a running server, and lists leads through the API to count them.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCliProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += String(d);
    });
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port nothing listens on (taken, then given back). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every lead's email through GET /api/leads, page by page. */
export async function listEmails(url: string, token: string): Promise<string[]> {
  const emails: string[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: "500", ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${url}/api/leads?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET /api/leads answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { leads: { email: string | null }[]; nextCursor: string | null };
    for (const lead of page.leads) if (lead.email) emails.push(lead.email);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return emails;
}
