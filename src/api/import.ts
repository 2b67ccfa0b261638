// POST /api/import?map=&dryRun=true&batch=500&source=import with a text/csv body: `leadops import`
// run by the server that holds the database. The body is not held in memory (it has no 1 MiB
// limit): it is written to a temporary file as it arrives, then read by the same code as the CLI's
// import. Spooling first means the request is over in the time the upload takes, so the request
// timeout does not cut a long import short; the answer streams each row's problem, progress and
// the summary (api/ndjson.ts).
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { importLeads, parseMap } from "../intake/import-leads-csv.ts";
import { streamLines } from "./ndjson.ts";

const importQuerySchema = z
  .object({
    map: z.string().optional(),
    dryRun: z.enum(["true", "false"]).optional(),
    batch: z.coerce.number().int().min(1).max(10_000).optional(),
    source: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export function registerImportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.register(async (scope) => {
    // Only in this scope: the body is handed over as a stream, not collected.
    scope.removeContentTypeParser("text/csv");
    scope.addContentTypeParser("text/csv", (_req, payload, done) => done(null, payload));
    scope.post("/import", async (req, reply) => {
      const q = importQuerySchema.parse(req.query);
      const map = q.map ? parseMap(q.map) : undefined;
      const dir = await mkdtemp(join(tmpdir(), "leadops-import-"));
      const file = join(dir, "upload.csv");
      try {
        await pipeline((req.body as Readable | undefined) ?? Readable.from([]), createWriteStream(file));
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
      return streamLines(
        ctx,
        reply,
        (send) =>
          importLeads({
            ctx,
            file,
            map,
            dryRun: q.dryRun === "true",
            batchSize: q.batch ?? 500,
            source: q.source ?? "import",
            actor: "api",
            onError: (error) => send({ error }),
            onBatch: (rows) => send({ progress: rows }),
          }),
        () => rm(dir, { recursive: true, force: true }),
      );
    });
  });
}
