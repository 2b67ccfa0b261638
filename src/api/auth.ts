// Bearer-token guard for every /api/* route. With no LEADOPS_API_TOKEN configured the API
// refuses everything (it serves personal data: it must never be open by default).
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../context.ts";
import { HttpError } from "../http/errors.ts";

const digest = (text: string) => createHash("sha256").update(text).digest();

export function requireApiToken(ctx: AppContext): (req: FastifyRequest) => Promise<void> {
  const token = ctx.env.LEADOPS_API_TOKEN;
  const expected = token ? digest(token) : undefined;
  return async (req) => {
    if (!expected) {
      throw new HttpError(
        503,
        "api_disabled",
        "The API is disabled: set LEADOPS_API_TOKEN on the server to enable /api/* with a bearer token",
      );
    }
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // Comparing digests keeps the comparison constant-time whatever the lengths.
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      throw new HttpError(
        401,
        "unauthorized",
        match ? "The bearer token is not valid" : "Authorization: Bearer <LEADOPS_API_TOKEN> is required",
        [],
        { "WWW-Authenticate": 'Bearer realm="leadops"' },
      );
    }
  };
}
