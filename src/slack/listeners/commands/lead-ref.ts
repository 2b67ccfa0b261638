// `<lead email or id>` as people type it in `/leads` commands (Slack may wrap an email in
// <mailto:…|…>): a lead id passes as it is, an email must match exactly one lead.
import { ValidationError } from "../../../core/errors.ts";
import { isUuid } from "../../../core/roles.ts";
import { findLeads } from "../../../store/leads/find-leads.ts";
import type { SlackDeps } from "../deps.ts";

export function unwrapMailto(ref: string): string {
  return ref.trim().replace(/^<mailto:([^|>]+)(\|[^>]*)?>$/, "$1");
}

export async function leadIdFromRef(deps: SlackDeps, rawRef: string, usage: string): Promise<string> {
  const ref = unwrapMailto(rawRef);
  if (isUuid(ref)) return ref;
  if (ref.length < 2) throw new ValidationError(usage);
  const { results } = await findLeads({ ctx: deps.ctx, query: ref });
  const exact = results.filter((r) => r.email.toLowerCase() === ref.toLowerCase());
  if (exact.length !== 1)
    throw new ValidationError(`No single lead has the email ${ref.slice(0, 200)}. ${usage}`);
  return (exact[0] as { id: string }).id;
}

/** A `<@U…|name>` mention (what Slack sends for an @-mention), `@U…` or a bare user id. */
export function userIdFromMention(text: string): string | null {
  const m =
    /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text.trim()) ?? /^@?([UW][A-Z0-9]{2,})$/.exec(text.trim());
  return m?.[1] ?? null;
}
