// Decisions and cursors are plain data, but may hold `undefined`; a Json column wants neither
// that nor Dates, so they go through JSON once.
import type { Prisma } from "../generated/prisma/client.ts";

export function toJson(value: unknown): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
}
