// Rows by subscription and status, for the backlog and dead-letter gauges.
import type { OutboundDelivery } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type DeliveryCount = Pick<OutboundDelivery, "subscription" | "status"> & { count: number };

const count = statement<DeliveryCount, []>(
  "countOutboundDeliveries",
  ["subscription", "status", "count"],
  `SELECT subscription, status, count(*)::int AS count FROM "OutboundDelivery"
   WHERE status IN ('pending', 'sending', 'dead')
   GROUP BY subscription, status`,
);

export async function countDeliveries(tx: Tx): Promise<DeliveryCount[]> {
  return count.run(tx);
}
