// A separate process routing leads into the same database as another one (the concurrency
// test spawns two). Usage: node --import tsx assign-worker.ts <databaseUrl> <rulesYaml> <leadIdsJson>
import { parseRules, rulesHash } from "../../../src/config/rules.ts";
import { routeReadyLead } from "../../../src/flows/route-ready-lead.ts";
import { openDatabase } from "../../../src/store/db.ts";

const [url, rulesYaml, idsJson] = process.argv.slice(2);
if (!url || rulesYaml === undefined || !idsJson) throw new Error("usage: assign-worker <url> <rules> <ids>");
const rules = parseRules(rulesYaml);
const ctx = { rules, rulesHash: rulesHash(rules), now: () => new Date() };
const ids = JSON.parse(idsJson) as string[];
const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
let assigned = 0;
let next = 0;
// Four transactions in flight per process: the two processes then contend on every lead and
// on the pool's cursor row at once.
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (next < ids.length) {
      const leadId = ids[next++] as string;
      const owner = await db.transaction(
        (tx) => routeReadyLead({ tx, ctx, leadId, segments: [], actor: "worker" }),
        { maxWait: 30_000, timeout: 30_000 },
      );
      if (owner) assigned++;
    }
  }),
);
await db.close();
process.stdout.write(JSON.stringify({ assigned }));
