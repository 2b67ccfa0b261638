// The one HTTP error handler: every 4xx is `{ error: { code, message, details } }` and no
// input produces a 5xx with internals in it.
import type { FastifyError, FastifyInstance } from "fastify";
import { ZodError } from "zod";
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../core/errors.ts";
import type { Logger } from "../observability/logger.ts";

export interface ErrorBody {
  error: { code: string; message: string; details: { field?: string; message: string }[] };
}

export function errorBody(
  code: string,
  message: string,
  details: ErrorBody["error"]["details"] = [],
): ErrorBody {
  return { error: { code, message, details } };
}

/** An HTTP error with a status; thrown by routes for 401/413/415/429 and similar. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorBody["error"]["details"] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function zodDetails(err: ZodError): ErrorBody["error"]["details"] {
  return err.issues.map((i) => ({ field: i.path.join(".") || undefined, message: i.message }));
}

function statusOfDomain(err: DomainError): number {
  if (err instanceof ValidationError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof ConflictError) return 409;
  return 400;
}

export function installErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(errorBody("not_found", `No route for ${req.method} ${req.url.split("?")[0]}`));
  });
  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    if (err instanceof HttpError) {
      reply
        .headers(err.headers)
        .code(err.status)
        .send(errorBody(err.code, err.message, err.details));
      return;
    }
    if (err instanceof ZodError) {
      reply.code(400).send(errorBody("invalid_input", "The request has invalid fields", zodDetails(err)));
      return;
    }
    if (err instanceof DomainError) {
      reply.code(statusOfDomain(err)).send(errorBody(err.code, err.message, err.details));
      return;
    }
    const fe = err as FastifyError;
    if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      reply.code(413).send(errorBody("payload_too_large", "The body is larger than 1 MiB"));
      return;
    }
    if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      reply.code(415).send(errorBody("unsupported_media_type", "Content-Type must be application/json"));
      return;
    }
    if (fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || fe.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
      reply.code(400).send(errorBody("invalid_json", "The body is not valid JSON"));
      return;
    }
    if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
      reply.code(fe.statusCode).send(errorBody(fe.code ?? "bad_request", fe.message));
      return;
    }
    logger.error({ err, route: req.routeOptions?.url }, "request failed");
    reply
      .code(503)
      .header("Retry-After", "5")
      .send(errorBody("unavailable", "Temporarily unavailable, retry later"));
  });
}
