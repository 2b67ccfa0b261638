// At most two heavy `/leads` subcommands run at once per instance: a third waits, is told it is
// queued, and starts when one of the first two ends.
import { describe, expect, it } from "vitest";
import { backgroundLimit } from "../../../src/slack/listeners/commands/background-limit.ts";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("background limit", () => {
  it("makes a third concurrent report wait until a slot frees", async () => {
    const limit = backgroundLimit(2);
    const started: string[] = [];
    const gates = { a: gate(), b: gate(), c: gate() };
    const queuedAhead: number[] = [];
    const job = (name: keyof typeof gates) => async () => {
      started.push(name);
      await gates[name].opened;
      return name;
    };
    const a = limit.run(job("a"));
    const b = limit.run(job("b"));
    const c = limit.run(job("c"), (ahead) => queuedAhead.push(ahead));
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual(["a", "b"]);
    expect(queuedAhead).toEqual([0]);
    expect([limit.running, limit.waiting]).toEqual([2, 1]);
    gates.a.open();
    await a;
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(["a", "b", "c"]);
    gates.b.open();
    gates.c.open();
    expect(await Promise.all([b, c])).toEqual(["b", "c"]);
    expect([limit.running, limit.waiting]).toEqual([0, 0]);
  });

  it("frees the slot when a task throws", async () => {
    const limit = backgroundLimit(1);
    await expect(limit.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limit.run(async () => "next")).toBe("next");
    expect(limit.running).toBe(0);
  });
});
