// Signed requests for the intake tests (the same signers a sender would use).
import type { FastifyInstance } from "fastify";
import { sign } from "../../../src/intake/signatures.ts";

export const SECRET = "test-webhook-secret";

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function postSigned(
  server: FastifyInstance,
  url: string,
  body: unknown,
  options: { secret?: string; timestamp?: number; headers?: Record<string, string> } = {},
) {
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  return server.inject({
    method: "POST",
    url,
    payload,
    headers: {
      "content-type": "application/json",
      ...sign.leadops(options.secret ?? SECRET, payload, options.timestamp ?? nowSeconds()),
      ...options.headers,
    },
  });
}
