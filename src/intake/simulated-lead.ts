// A lead typed into `simulate` (CLI file or Slack JSON) parsed exactly as POST /webhooks/leads
// parses it (trimmed text, numbers given as strings, unknown fields kept in `attributes`), so the
// simulator scores what the live app would store. A lead without an email cannot come in through
// a webhook; it is simulated as given (core/leads/simulate-lead.ts validates it).
import { ZodError } from "zod";
import { ValidationError } from "../core/errors.ts";
import { isObject } from "../core/leads/merge-lead.ts";
import { HttpError } from "../http/errors.ts";
import { parseLeadBody } from "./schemas.ts";

export function parseSimulatedLead(raw: unknown): unknown {
  if (!isObject(raw) || typeof raw.email !== "string") return raw;
  const { stage, ...body } = raw;
  try {
    const lead = parseLeadBody(body);
    return stage === undefined ? lead : { ...lead, stage };
  } catch (err) {
    if (err instanceof ZodError)
      throw new ValidationError(
        "The lead is not valid",
        err.issues.map((i) => ({ field: ["lead", ...i.path].join("."), message: i.message })),
      );
    if (err instanceof HttpError) throw new ValidationError(err.message);
    throw err;
  }
}
