// Each signed delivery is accepted once (issue 15). Captures carry their delivery's replay key
// (intake/admit.ts signedDeliveryKey); inside the transaction that stores them, every key is
// remembered first, so a replay, whether it arrives later or on another instance at the same
// moment (it waits on the key's unique index until the first commits), stores nothing and is
// answered with the lead its first delivery stored. Keys are taken before any lead lock, as
// record-event.ts does, so the two never wait on each other in opposite orders.
import { NotFoundError } from "../core/errors.ts";
import type { Tx } from "../store/db.ts";
import { readDeliveryLeads, rememberDeliveries } from "../store/intake/signed-deliveries.ts";

export type Screened =
  /** Not seen before (or carries no key): store it. */
  | { kind: "new" }
  /** Seen in an earlier transaction: answer with that lead. */
  | { kind: "replay"; leadId: string }
  /** The same key earlier in this batch: answer with that request's lead. */
  | { kind: "twin"; of: number };

export async function screenReplays(tx: Tx, keys: (string | undefined)[], now: Date): Promise<Screened[]> {
  const firstAt = new Map<string, number>();
  keys.forEach((key, i) => {
    if (key !== undefined && !firstAt.has(key)) firstAt.set(key, i);
  });
  const seen = await rememberDeliveries(tx, [...firstAt.keys()], now);
  return keys.map((key, i): Screened => {
    if (key === undefined) return { kind: "new" };
    const first = firstAt.get(key) as number;
    if (first !== i) return { kind: "twin", of: first };
    if (!seen.has(key)) return { kind: "new" };
    return { kind: "replay", leadId: leadOfReplay(seen.get(key) ?? null) };
  });
}

/** Which of `keys` were already delivered, and the lead each stored: a check before costly work. */
export async function findReplays(tx: Tx, keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [key, leadId] of await readDeliveryLeads(tx, keys)) out.set(key, leadOfReplay(leadId));
  return out;
}

function leadOfReplay(leadId: string | null): string {
  // Only a delivery that stored a lead is remembered past its transaction, so this is a key
  // shared with a route that stores none: nothing to answer with.
  if (!leadId) throw new NotFoundError("The first delivery with this signature stored no lead");
  return leadId;
}
