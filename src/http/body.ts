// Bodies are kept raw: every webhook signature is computed over the exact bytes received.
import type { Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpError } from "./errors.ts";

export const MAX_BODY_BYTES = 1024 * 1024;
// An oversized body is read to its end and dropped before the 413 goes out: a server that answers
// and closes while the client is still sending makes the client's TCP stack see a reset, and the
// sender never reads the 413 (it retries instead of stopping). Reading is bounded so a sender
// cannot hold the connection forever: past these the socket is closed without the courtesy.
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
export const DRAIN_MAX_MS = 10_000;

declare module "fastify" {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

type Done = (err: Error | null, body?: unknown) => void;

const tooLarge = () =>
  new HttpError(413, "payload_too_large", `The body is larger than 1 MiB (${MAX_BODY_BYTES} bytes)`);

/**
 * Collects the body up to MAX_BODY_BYTES. A larger one is read on and thrown away, up to
 * DRAIN_MAX_BYTES or DRAIN_MAX_MS, and then refused with 413 (so the sender can read it).
 */
export function readBody(req: FastifyRequest, payload: Readable, done: Done, onTooLarge = tooLarge): void {
  const declared = Number(req.headers["content-length"]);
  let over = declared > MAX_BODY_BYTES;
  let received = 0;
  let chunks: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const finish = (err: Error | null) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    payload.removeListener("data", onData);
    payload.removeListener("end", onEnd);
    payload.removeListener("error", onError);
    if (err) return done(err);
    if (over) return done(onTooLarge());
    const body = Buffer.concat(chunks);
    req.rawBody = body;
    done(null, body);
  };
  const startDraining = () => {
    over = true;
    chunks = [];
    timer ??= setTimeout(() => finish(null), DRAIN_MAX_MS);
  };
  function onData(chunk: Buffer | string) {
    received += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    if (!over && received > MAX_BODY_BYTES) startDraining();
    if (over) {
      if (received > DRAIN_MAX_BYTES) finish(null);
      return;
    }
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  }
  const onEnd = () => finish(null);
  const onError = (err: Error) => finish(err);
  if (over) startDraining();
  payload.on("data", onData);
  payload.on("end", onEnd);
  payload.on("error", onError);
  payload.resume();
}

export function installBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ["application/json", "application/x-www-form-urlencoded", "text/csv", "text/plain"],
    (req, payload, done) => readBody(req, payload, done),
  );
  // Any other type is read (bounded the same way) before the 415, for the same reason as the 413.
  // An unknown route keeps its 404.
  app.addContentTypeParser("*", (req, payload, done) =>
    readBody(req, payload, (err) =>
      done(
        err ??
          (req.is404
            ? null
            : new HttpError(415, "unsupported_media_type", "Content-Type must be application/json")),
      ),
    ),
  );
}

/** Parses the raw body as a JSON object; 400 names the problem. */
export function jsonBody(req: FastifyRequest): unknown {
  const contentType = String(req.headers["content-type"] ?? "");
  if (!contentType.toLowerCase().startsWith("application/json")) {
    throw new HttpError(415, "unsupported_media_type", "Content-Type must be application/json");
  }
  const raw = req.rawBody?.toString("utf8") ?? "";
  if (raw.trim() === "")
    throw new HttpError(400, "invalid_json", "The body is empty; a JSON object is required");
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new HttpError(400, "invalid_json", `The body is not valid JSON: ${(err as Error).message}`);
  }
}
