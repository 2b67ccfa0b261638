// CPU per event that Bolt's processEvent costs before and around ack(), with LeadOps's listener
// count (10 actions, 4 views, a command, an event), with and without Bolt's default conversation
// store (off in src/slack/app.ts, docs/decisions/0008). In-process, no HTTP, no database: the part
// of bench/slack/claim.ts's per-click CPU that Bolt itself adds.
//   npx tsx bench/slack/bolt-dispatch.ts
import os from "node:os";
import { App, type Receiver } from "@slack/bolt";
import { blockAction } from "../../test/fixtures/slack/payloads.ts";

class NullReceiver implements Receiver {
  init(): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

function build(convoStore: boolean): App {
  const app = new App({
    authorize: async () => ({ botToken: "xoxb-bench" }),
    receiver: new NullReceiver(),
    ignoreSelf: false,
    extendedErrorHandler: true,
    ...(convoStore ? {} : { convoStore: false as const }),
  });
  const acked = async ({ ack }: { ack: () => Promise<void> }) => {
    await ack();
  };
  for (let i = 0; i < 10; i++) app.action({ type: "block_actions", action_id: `a${i}` }, acked);
  for (let i = 0; i < 4; i++) app.view({ type: "view_submission", callback_id: `v${i}` }, acked);
  app.command("/leads", acked);
  app.event("app_home_opened", async () => {});
  return app;
}

const body = JSON.stringify(
  blockAction({ userId: "U1", actionId: "a0", value: "lead", responseUrl: "http://127.0.0.1:9/r" }),
);

/** Microseconds of CPU per event (the body's JSON.parse included, as the receiver does it). */
async function cpuPerEvent(app: App, n: number): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await app.processEvent({ body: JSON.parse(body), ack: async () => {} });
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

const withStore = build(true);
const without = build(false);
await cpuPerEvent(withStore, 3000); // warm-up
await cpuPerEvent(without, 3000);
console.log(
  `Bolt processEvent, 16 listeners; ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores; node ${process.version}; load average ${os.loadavg()[0]!.toFixed(1)}`,
);
const saved: number[] = [];
for (let k = 0; k < 5; k++) {
  const a = await cpuPerEvent(withStore, 5000);
  const b = await cpuPerEvent(without, 5000);
  saved.push(a - b);
  console.log(`conversation store on ${a.toFixed(1)} µs CPU per event, off ${b.toFixed(1)} µs`);
}
saved.sort((x, y) => x - y);
console.log(`median saving ${saved[2]!.toFixed(1)} µs per event`);
