// `/leads simulate <email> [events JSON]` or `/leads simulate <lead JSON>`: what LeadOps would do
// with a lead, without saving it, against the live reps, capacity and rotation. An email that
// belongs to a stored lead simulates that lead as stored plus the given events; another email
// simulates a new lead with just that email. JSON is the lead's fields as the webhook takes them.
// For members (reps, managers, marketing) only, checked before the text is even read: it shows
// live state and stored leads, and how the rules treat any lead.
import { ValidationError } from "../../../core/errors.ts";
import { requireMember } from "../../../core/roles.ts";
import { simulateLiveLead } from "../../../flows/simulate-live-lead.ts";
import { parseSimulatedLead } from "../../../intake/simulated-lead.ts";
import { buildSimulation } from "../../render/simulation.ts";
import type { Subcommand } from "./types.ts";

const USAGE = "`/leads simulate <email> [events JSON]` or `/leads simulate <lead JSON>`";

function json(text: string, what: string): unknown {
  try {
    return JSON.parse(text.replace(/[“”]/g, '"'));
  } catch (err) {
    throw new ValidationError(`That is not valid JSON (${what}): ${(err as Error).message}`);
  }
}

/** The lead and events of the command's text. */
export function simulationInput(args: string): { lead: unknown; events: unknown; byEmail: boolean } {
  const text = args.trim();
  if (text === "") throw new ValidationError(`Give an email or a JSON lead: ${USAGE}`);
  if (text.startsWith("{")) return { lead: json(text, "lead"), events: [], byEmail: false };
  const [, first = "", rest = ""] = /^(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
  const email = first.replace(/^<mailto:([^|>]+)(\|[^>]*)?>$/, "$1");
  return { lead: { email }, events: rest === "" ? [] : json(rest, "events"), byEmail: true };
}

export const simulate: Subcommand = async ({ deps, args, cmd }) => {
  requireMember(deps.ctx.rules, cmd.user_id);
  const input = simulationInput(args);
  const lead = parseSimulatedLead(input.lead);
  const sim = await simulateLiveLead({ ctx: deps.ctx, lead, events: input.events, useStored: input.byEmail });
  return buildSimulation(sim);
};
