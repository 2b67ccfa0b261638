// The outcomes of a pass, in one statement (on PGlite every statement is time intake waits). Only
// rows this instance still holds (`sending`) change: a row whose lease ran out and that another
// instance took is left to that instance.
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const settle = statement<
  Record<string, never>,
  [number[], string[], number[], (string | null)[], (string | null)[], (string | null)[]]
>(
  "settleOutboundDeliveries",
  [],
  `UPDATE "OutboundDelivery" AS o SET
     status = s.status,
     attempts = o.attempts + s.tried,
     "nextAttemptAt" = COALESCE(s.next, o."nextAttemptAt"),
     "deliveredAt" = s.delivered,
     "lastError" = s.error
   FROM unnest($1::int[], $2::text[], $3::int[], $4::timestamp[], $5::timestamp[], $6::text[])
     AS s(seq, status, tried, next, delivered, error)
   WHERE o.seq = s.seq AND o.status = 'sending'`,
);

export type Settlement =
  | { result: "delivered"; at: Date }
  | { result: "retry"; at: Date; error: string }
  | { result: "dead"; error: string }
  | { result: "skipped"; reason: string };

const STATUS = { delivered: "delivered", retry: "pending", dead: "dead", skipped: "skipped" } as const;

export async function settleDeliveries(
  tx: Tx,
  settled: readonly { seq: number; s: Settlement }[],
): Promise<void> {
  if (settled.length === 0) return;
  const col = <T>(f: (x: (typeof settled)[number]) => T) => settled.map(f);
  await settle.run(
    tx,
    col((x) => x.seq),
    col((x) => STATUS[x.s.result]),
    col((x) => (x.s.result === "skipped" ? 0 : 1)),
    col((x) => (x.s.result === "retry" ? utcTimestamp(x.s.at) : null)),
    col((x) => (x.s.result === "delivered" ? utcTimestamp(x.s.at) : null)),
    col(({ s }) =>
      s.result === "skipped" ? s.reason : s.result === "delivered" ? null : s.error.slice(0, 500),
    ),
  );
}
