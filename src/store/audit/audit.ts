// The audit log: every change and who made it. Written in the same transaction as the change.

import type { Prisma } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { queueOutbound } from "../outbound/queue-outbound.ts";
import { statement } from "../statement.ts";

export interface AuditEntry {
  /** A Slack user id, `system`, `api`, `webhook:<source>` or `cli`. */
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  data?: Prisma.InputJsonValue;
}

/** A UTC instant as a `timestamp` literal, independent of the session's time zone. */
export function utcTimestamp(at: Date): string {
  return at.toISOString().slice(0, 23).replace("T", " ");
}

export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  await auditMany(tx, [entry]);
}

const insertEntries = statement<
  Record<string, never>,
  [string, string[], string[], string[], (string | null)[], (string | null)[]]
>(
  "insertAuditEntries",
  [],
  `INSERT INTO "AuditLog" (at, actor, action, entity, "entityId", data)
   SELECT $1::timestamp, a.actor, a.action, a.entity, a.entity_id, a.data
   FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
     AS a(actor, action, entity, entity_id, data)`,
);

/**
 * Several entries in one statement (a batch of captures): this runs on every webhook, so it is one
 * insert whatever the number of entries (docs/decisions/0003).
 */
export async function auditMany(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const col = <T>(f: (e: AuditEntry) => T) => entries.map(f);
  await insertEntries.run(
    tx,
    utcTimestamp(new Date()),
    col((e) => e.actor),
    col((e) => e.action),
    col((e) => e.entity),
    col((e) => e.entityId ?? null),
    col((e) => (e.data === undefined ? null : JSON.stringify(e.data))),
  );
  // The outbound events of these changes, in the same transaction (docs/decisions/0012): only
  // when leadops.yml has subscriptions, so intake costs nothing more without them.
  await queueOutbound(tx, entries);
}
