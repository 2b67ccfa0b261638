// Long-running /api commands (import, rescore) answer with one JSON object per line as the work
// goes: progress, each row's problem, then the result. The CLI prints them as they come, exactly
// as it does when it runs the same flow itself.
import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";
import type { AppContext } from "../context.ts";
import { DomainError } from "../core/errors.ts";

export type SendLine = (line: Record<string, unknown>) => void;

/**
 * Streams `run`'s lines, then `{ "result": … }`, or `{ "failure": { code, message } }` when it
 * throws (the status line is long gone by then). A blank line is written at a third of the idle
 * timeout while nothing else is, so a long batch does not let the connection be closed as idle.
 */
export function streamLines(
  ctx: AppContext,
  reply: FastifyReply,
  run: (send: SendLine) => Promise<unknown>,
  onEnd: () => Promise<void> = async () => {},
): FastifyReply {
  const out = new PassThrough();
  const send: SendLine = (line) => out.write(`${JSON.stringify(line)}\n`);
  const heartbeat = setInterval(() => out.write("\n"), Math.max(1000, ctx.env.LEADOPS_IDLE_TIMEOUT_MS / 3));
  void run(send)
    .then((result) => send({ result }))
    .catch((err: unknown) => {
      if (err instanceof DomainError) {
        send({ failure: { code: err.code, name: err.name, message: err.message } });
        return;
      }
      ctx.logger.error({ err }, "API command failed");
      send({
        failure: {
          code: "failed",
          name: "Error",
          message: "the server could not finish; its log has the error",
        },
      });
    })
    .finally(() => {
      clearInterval(heartbeat);
      out.end();
      void onEnd();
    });
  return reply.header("content-type", "application/x-ndjson; charset=utf-8").send(out);
}
