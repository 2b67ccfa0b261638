// Bodies are kept raw: every webhook signature is computed over the exact bytes received.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { HttpError } from "./errors.ts";

export const MAX_BODY_BYTES = 1024 * 1024;

declare module "fastify" {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

export function installBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const keepRaw = (req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
    req.rawBody = body;
    done(null, body);
  };
  app.addContentTypeParser(
    ["application/json", "application/x-www-form-urlencoded", "text/csv", "text/plain"],
    { parseAs: "buffer", bodyLimit: MAX_BODY_BYTES },
    keepRaw,
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
