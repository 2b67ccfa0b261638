// Behaviour events of a lead. The sender's event id is the unique LeadEvent.externalId, so the
// same id is stored once even when two instances receive it at the same moment.
import type { LeadEvent } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const byExternalId = statement<Pick<LeadEvent, "leadId">, [string]>(
  "findEventLeadId",
  ["leadId"],
  `SELECT "leadId" FROM "LeadEvent" WHERE "externalId" = $1`,
);

/** The lead of an already stored event id, if any. */
export async function findEventLeadId(tx: Tx, externalId: string): Promise<string | undefined> {
  const [row] = await byExternalId.run(tx, externalId);
  return row?.leadId;
}

const insert = statement<
  Pick<LeadEvent, "id">,
  [string, string, string | null, string, string | null, string, string, string]
>(
  "insertLeadEvent",
  ["id"],
  `WITH inserted AS (
     INSERT INTO "LeadEvent" (id, "leadId", "externalId", type, source, properties, "occurredAt", "receivedAt")
     VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::jsonb, $7::timestamp, $8::timestamp)
     ON CONFLICT ("externalId") DO NOTHING
     RETURNING id, "leadId", type, "occurredAt"),
   trial AS (
     UPDATE "Lead" l SET "trialStartedAt" = LEAST(l."trialStartedAt", i."occurredAt")
     FROM inserted i
     WHERE l.id = i."leadId" AND i.type = 'trial_started'
       AND (l."trialStartedAt" IS NULL OR i."occurredAt" < l."trialStartedAt"))
   SELECT id FROM inserted`,
);

/**
 * Stores one event inside the caller's transaction; false when its externalId is already stored
 * (including by a concurrent transaction that committed first).
 *
 * A stored `trial_started` event also moves Lead.trialStartedAt back to its occurredAt when
 * earlier (LEAST skips the NULL of a first trial; a later trial writes nothing), in the same
 * statement: no extra round trip, and a duplicate skipped by ON CONFLICT returns no row, so it
 * changes nothing. Events may arrive out of order: the earliest occurredAt, not the first received.
 */
export async function insertLeadEvent(
  tx: Tx,
  e: {
    id: string;
    leadId: string;
    externalId: string | null;
    type: string;
    source: string | null;
    properties: object;
    occurredAt: Date;
    receivedAt: Date;
  },
): Promise<boolean> {
  const rows = await insert.run(
    tx,
    e.id,
    e.leadId,
    e.externalId,
    e.type,
    e.source,
    JSON.stringify(e.properties),
    utcTimestamp(e.occurredAt),
    utcTimestamp(e.receivedAt),
  );
  return rows.length === 1;
}
