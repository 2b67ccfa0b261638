// Right to erasure: a lead's outbound rows may hold its earlier field values (a lead.updated's
// `changes`); they are emptied with the rest of its data. Rows still to send go out with `lead`
// null and empty `data`.
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const erase = statement<Record<string, never>, [leadId: string]>(
  "eraseOutboundData",
  [],
  `UPDATE "OutboundDelivery" SET data = '{}'::jsonb WHERE "leadId" = $1::uuid`,
);

export async function eraseOutboundData(tx: Tx, leadId: string): Promise<void> {
  await erase.run(tx, leadId);
}
