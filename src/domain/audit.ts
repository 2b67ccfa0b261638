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

export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      ...(entry.data === undefined ? {} : { data: entry.data }),
    },
  });
}
