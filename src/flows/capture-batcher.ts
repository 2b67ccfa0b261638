// Group commit for webhook captures. Deliveries that arrive while earlier ones are being stored
// wait in a queue and are then stored together in ONE transaction (captureLeadsTogether): a
// commit, its WAL flush and the transaction's round trips are paid once per batch instead of
// once per lead. Nothing waits on a timer: a lone delivery is stored on the next turn of the
// event loop, so batching only happens when the server is busy, which is exactly when it pays.
//
// A sender is answered only after its batch committed, so an acknowledged lead is stored. When a
// batch fails (one bad row, a deadlock with another instance), each of its deliveries is retried
// in its own transaction, so a failure reaches only the sender that caused it.
import type { CaptureRequest, CaptureResult } from "./capture-leads.ts";
import { captureLead, captureLeadsTogether } from "./capture-leads.ts";

type Ctx = Parameters<typeof captureLeadsTogether>[0];

interface Waiting {
  request: CaptureRequest;
  resolve(result: CaptureResult): void;
  reject(err: unknown): void;
}

export interface BatcherOptions {
  /** Deliveries per transaction at most: bounds lock time and a failed batch's retry work. */
  maxBatch?: number;
  /** Batches in flight at once; the rest queue. One per pooled connection would starve others. */
  maxConcurrent?: number;
}

export class CaptureBatcher {
  private readonly queue: Waiting[] = [];
  private running = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxConcurrent: number;

  constructor(
    private readonly ctx: Ctx,
    options: BatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 32;
    this.maxConcurrent = options.maxConcurrent ?? 2;
  }

  capture(request: CaptureRequest): Promise<CaptureResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Take the batch on the next turn of the event loop, not now: requests that already arrived
    // on the sockets get parsed first and join it. Without this an embedded database, which
    // answers within the same turn, would store every lead alone.
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.running < this.maxConcurrent && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.running++;
      void this.store(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async store(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await captureLeadsTogether(
          this.ctx,
          batch.map((w) => w.request),
        );
        for (const [i, w] of batch.entries()) w.resolve(results[i]!);
        return;
      } catch {
        // Fall through: find out which delivery failed, and let the others succeed.
      }
    }
    for (const w of batch) {
      await captureLead({ ctx: this.ctx, ...w.request }).then(w.resolve, w.reject);
    }
  }
}
