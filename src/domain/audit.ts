// The audit log: every change and who made it. Written in the same transaction as the change.
import type { Tx } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";

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
  // Raw SQL on purpose: this runs on every webhook, and a model query costs several times more
  // CPU in Prisma's query compiler than the insert itself costs the database.
  const data = entry.data === undefined ? null : JSON.stringify(entry.data);
  await tx.$executeRaw`INSERT INTO "AuditLog" (at, actor, action, entity, "entityId", data)
    VALUES (${utcTimestamp(new Date())}::timestamp, ${entry.actor}, ${entry.action}, ${entry.entity},
      ${entry.entityId ?? null}, ${data}::jsonb)`;
}

/** Several entries in one statement (a batch of captures). */
export async function auditMany(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const at = utcTimestamp(new Date());
  const col = <T>(f: (e: AuditEntry) => T) => entries.map(f);
  await tx.$executeRaw`INSERT INTO "AuditLog" (at, actor, action, entity, "entityId", data)
    SELECT ${at}::timestamp, a.actor, a.action, a.entity, a.entity_id, a.data
    FROM unnest(${col((e) => e.actor)}::text[], ${col((e) => e.action)}::text[], ${col((e) => e.entity)}::text[],
      ${col((e) => e.entityId ?? null)}::text[],
      ${col((e) => (e.data === undefined ? null : JSON.stringify(e.data)))}::jsonb[])
      AS a(actor, action, entity, entity_id, data)`;
}
