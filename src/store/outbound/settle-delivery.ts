// A delivery's outcome. Each is one statement on a row this instance holds (`sending`): a row whose
// lease ran out and that another instance took is left to that instance.
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const delivered = statement<Record<string, never>, [seq: number, at: string]>(
  "markOutboundDelivered",
  [],
  `UPDATE "OutboundDelivery" SET status = 'delivered', attempts = attempts + 1, "deliveredAt" = $2::timestamp,
     "lastError" = NULL
   WHERE seq = $1 AND status = 'sending'`,
);

const retry = statement<Record<string, never>, [seq: number, at: string, error: string]>(
  "rescheduleOutboundDelivery",
  [],
  `UPDATE "OutboundDelivery" SET status = 'pending', attempts = attempts + 1, "nextAttemptAt" = $2::timestamp,
     "lastError" = $3
   WHERE seq = $1 AND status = 'sending'`,
);

const dead = statement<Record<string, never>, [seq: number, error: string]>(
  "deadLetterOutboundDelivery",
  [],
  `UPDATE "OutboundDelivery" SET status = 'dead', attempts = attempts + 1, "lastError" = $2
   WHERE seq = $1 AND status = 'sending'`,
);

const skipped = statement<Record<string, never>, [seq: number, reason: string]>(
  "skipOutboundDelivery",
  [],
  `UPDATE "OutboundDelivery" SET status = 'skipped', "lastError" = $2 WHERE seq = $1 AND status = 'sending'`,
);

export type Settlement =
  | { result: "delivered"; at: Date }
  | { result: "retry"; at: Date; error: string }
  | { result: "dead"; error: string }
  | { result: "skipped"; reason: string };

export async function settleDelivery(tx: Tx, seq: number, s: Settlement): Promise<void> {
  switch (s.result) {
    case "delivered":
      await delivered.run(tx, seq, utcTimestamp(s.at));
      return;
    case "retry":
      await retry.run(tx, seq, utcTimestamp(s.at), s.error.slice(0, 500));
      return;
    case "dead":
      await dead.run(tx, seq, s.error.slice(0, 500));
      return;
    case "skipped":
      await skipped.run(tx, seq, s.reason);
  }
}
