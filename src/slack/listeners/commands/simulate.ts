// `/leads simulate <email or JSON>`: scores, segments and routes a lead without saving it. An
// email alone simulates a lead with just that email; JSON is the lead's fields as the webhook
// takes them.
import { ValidationError } from "../../../core/errors.ts";
import { simulateLead } from "../../../core/leads/simulate-lead.ts";
import { buildSimulation } from "../../render/simulation.ts";
import type { Subcommand } from "./types.ts";

export function simulationInput(args: string): unknown {
  const text = args.trim().replace(/^<mailto:([^|>]+)(\|[^>]*)?>$/, "$1");
  if (text === "")
    throw new ValidationError("Give an email or a JSON lead: `/leads simulate <email or JSON>`");
  if (text.startsWith("{")) {
    try {
      return JSON.parse(text.replace(/[“”]/g, '"'));
    } catch (err) {
      throw new ValidationError(`That is not valid JSON: ${(err as Error).message}`);
    }
  }
  return { email: text };
}

export const simulate: Subcommand = async ({ deps, args }) => {
  const sim = simulateLead({ rules: deps.ctx.rules, lead: simulationInput(args), now: deps.ctx.now() });
  return buildSimulation(sim);
};
