// The webhooks of leadops.yml made ready to send: secrets read from the environment where the file
// names a variable, `when` compiled. Done once at start, so a missing secret stops the start.

import { ENV_REFERENCE, type OutboundConfig, type OutboundEventType } from "../core/outbound/config.ts";
import { type CompiledCondition, compileCondition } from "../core/rules/conditions.ts";

export interface Webhook {
  name: string;
  url: string;
  secret: string;
  events: ReadonlySet<OutboundEventType>;
  when: CompiledCondition | null;
}

export class OutboundConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid outbound configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "OutboundConfigError";
  }
}

export function resolveWebhooks(
  config: OutboundConfig,
  lookup: (name: string) => string | undefined,
): Map<string, Webhook> {
  const problems: string[] = [];
  const hooks = new Map<string, Webhook>();
  config.webhooks.forEach((w, i) => {
    const ref = ENV_REFERENCE.exec(w.secret)?.[1];
    const secret = ref ? lookup(ref) : w.secret;
    if (!secret) {
      problems.push(`outbound.webhooks.${i}.secret: the environment variable ${ref} is not set`);
      return;
    }
    hooks.set(w.name, {
      name: w.name,
      url: w.url,
      secret,
      events: new Set(w.events),
      when: w.when ? compileCondition(w.when) : null,
    });
  });
  if (problems.length > 0) throw new OutboundConfigError(problems);
  return hooks;
}
