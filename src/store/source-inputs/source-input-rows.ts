// Spend and visitors per source and period (the inputs of cost per lead and opt-in rate), one row
// per (source, leadMagnet, campaign, periodStart, periodEnd), "" for no magnet or campaign. Amounts travel as text ("1234.50") so no float ever
// rounds money; dates as ISO days.
import type { SourceInput } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type SourceInputRow = Pick<
  SourceInput,
  "id" | "source" | "leadMagnet" | "campaign" | "currency" | "visitors"
> & {
  periodStart: string;
  periodEnd: string;
  spend: string | null;
};

const columns = (
  t: string,
) => `${t}id, ${t}source, ${t}"leadMagnet", ${t}campaign, to_char(${t}"periodStart", 'YYYY-MM-DD') AS "periodStart",
  to_char(${t}"periodEnd", 'YYYY-MM-DD') AS "periodEnd", ${t}spend::text AS spend, ${t}currency, ${t}visitors`;
const ROW_COLUMNS = [
  "id",
  "source",
  "leadMagnet",
  "campaign",
  "periodStart",
  "periodEnd",
  "spend",
  "currency",
  "visitors",
] as const;

/** What one input row is for: a source, or one lead magnet or campaign of it ("" = none). */
export interface SourceInputKey {
  source: string;
  leadMagnet: string;
  campaign: string;
  periodStart: string;
  periodEnd: string;
}

const read = statement<SourceInputRow, [string, string, string, string, string]>(
  "readSourceInput",
  ROW_COLUMNS,
  `SELECT ${columns("")} FROM "SourceInput"
   WHERE source = $1 AND "periodStart" = $2::date AND "periodEnd" = $3::date AND "leadMagnet" = $4 AND campaign = $5`,
);

export async function readSourceInput(tx: Tx, key: SourceInputKey): Promise<SourceInputRow | undefined> {
  const [row] = await read.run(tx, key.source, key.periodStart, key.periodEnd, key.leadMagnet, key.campaign);
  return row;
}

/** The fields an upsert sets; an absent one (undefined) keeps its stored value. */
export interface SourceInputFields {
  spend?: string | null;
  currency?: string | null;
  visitors?: number | null;
}

// One statement for insert and update: each field is written only when its flag says it was
// given, so a visitors-only file does not erase spend.
const upsert = statement<
  SourceInputRow,
  [
    string,
    string,
    string,
    boolean,
    string | null,
    boolean,
    string | null,
    boolean,
    number | null,
    string,
    string,
    string,
  ]
>(
  "upsertSourceInput",
  ROW_COLUMNS,
  `INSERT INTO "SourceInput" AS s
     (id, source, "leadMagnet", campaign, "periodStart", "periodEnd", spend, currency, visitors, "updatedAt")
   VALUES (gen_random_uuid(), $1, $11, $12, $2::date, $3::date, $5::numeric, $7, $9::int, $10::timestamp)
   ON CONFLICT (source, "leadMagnet", campaign, "periodStart", "periodEnd") DO UPDATE SET
     spend = CASE WHEN $4::boolean THEN $5::numeric ELSE s.spend END,
     currency = CASE WHEN $6::boolean THEN $7 ELSE s.currency END,
     visitors = CASE WHEN $8::boolean THEN $9::int ELSE s.visitors END,
     "updatedAt" = $10::timestamp
   RETURNING ${columns("s.")}`,
);

export async function upsertSourceInput(
  tx: Tx,
  key: SourceInputKey,
  fields: SourceInputFields,
  now: Date,
): Promise<SourceInputRow> {
  const [row] = await upsert.run(
    tx,
    key.source,
    key.periodStart,
    key.periodEnd,
    fields.spend !== undefined,
    fields.spend ?? null,
    fields.currency !== undefined,
    fields.currency ?? null,
    fields.visitors !== undefined,
    fields.visitors ?? null,
    utcTimestamp(now),
    key.leadMagnet,
    key.campaign,
  );
  return row!;
}
