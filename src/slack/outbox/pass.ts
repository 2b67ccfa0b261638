// One pass of the outbox worker: what every step of a delivery shares, and what the pass reports.
import type { WebClient } from "@slack/web-api";
import type { AppContext } from "../../context.ts";
import type { RenderContext } from "../render/types.ts";
import type { ChannelPacing } from "./pacing.ts";

/** How long a claimed row belongs to the instance that claimed it. */
export const LEASE_MS = 2 * 60_000;

export interface OutboxRunResult {
  claimed: number;
  sent: number;
  failed: number;
  skipped: number;
  retried: number;
  /** Rows put back to wait (channel pace, a post not out yet). */
  deferred: number;
  /** Of `sent`: rows whose earlier post was found in Slack, so not posted again. */
  recovered: number;
  /** The earliest instant (ms) a row of this pass was put back for, if any: the loop's next pass. */
  wakeAt?: number;
}

export interface Pass {
  readonly ctx: AppContext;
  readonly client: WebClient;
  /** One instant for the whole pass, from the app's clock. */
  readonly now: Date;
  readonly pacing: ChannelPacing;
  readonly result: OutboxRunResult;
  /** Jitter source (tests pass a fixed one). */
  readonly random: () => number;
  /** Row id → since when (ms) a post of it may be in Slack without the app knowing. */
  readonly unknown: Map<bigint, number>;
  /** Posts updated in this pass: a second update of the same post would render the same state. */
  readonly updated: Set<string>;
  /** Row id → when it was queued (ms), for the wait-time histogram. */
  readonly queuedAt: Map<bigint, number>;
}

export function renderContext(pass: Pass): RenderContext {
  return { ctx: pass.ctx, now: pass.now };
}

/**
 * True when this pass has run so long that its lease is half gone: another instance may claim
 * these rows when it runs out, so the rest go back to the queue rather than being sent late.
 */
export function leaseRunningOut(pass: Pass): boolean {
  return pass.ctx.now().getTime() - pass.now.getTime() > LEASE_MS / 2;
}
