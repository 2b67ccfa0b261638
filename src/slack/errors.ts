// Domain errors as private Slack replies. Their messages are written to be shown to users
// (domain/errors.ts); refusals and "already claimed" get the builders' wording.

import { ZodError } from "zod";
import { DomainError, ValidationError } from "../core/errors.ts";
import { RefusedError } from "../core/roles.ts";
import { AlreadyClaimedError } from "../flows/claim-lead.ts";
import { buildAlreadyClaimed } from "./blocks/ephemeral.ts";
import type { SlackMessage } from "./blocks/types.ts";
import { buildPrivateNotice, buildRefusalFor } from "./render/refusal.ts";

export function domainErrorMessage(err: DomainError): SlackMessage {
  if (err instanceof AlreadyClaimedError) return buildAlreadyClaimed(err.ownerSlackId, err.claimedAt);
  if (err instanceof RefusedError) {
    const d = err.detail;
    return buildRefusalFor(
      err.reason,
      {
        ownerSlackId: d.ownerSlackId ?? null,
        open: d.open ?? null,
        capacity: d.capacity ?? null,
        until: d.until ?? null,
        note: err.reason === "not_in_pool" || err.reason === "no_role" ? null : (d.note ?? null),
      },
      err.message,
    );
  }
  if (err instanceof ValidationError && err.details.length > 0) {
    return buildPrivateNotice(`${err.message}: ${err.details.map((d) => d.message).join("; ")}`, ":warning:");
  }
  return buildPrivateNotice(err.message, ":warning:");
}

export const UNEXPECTED = buildPrivateNotice(
  "Something went wrong on our side and nothing was changed. Please try again in a moment.",
  ":warning:",
);

/**
 * The DomainError behind a Bolt error (Bolt passes errors with a `code` through, others wrapped).
 * A payload that fails its zod shape is bad input from outside, not our failure: it becomes a
 * ValidationError, answered privately and logged as a warning, not an error.
 */
export function asDomainError(err: unknown): DomainError | null {
  const original = (err as { original?: unknown } | null)?.original;
  for (const e of [err, original]) {
    if (e instanceof DomainError) return e;
    if (e instanceof ZodError) {
      return new ValidationError(
        "Slack sent a request LeadOps could not read",
        e.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
      );
    }
  }
  return null;
}
