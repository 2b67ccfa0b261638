// The targets of leadops.yml's `outbound` made ready to send: secrets read from the environment
// where the file names a variable, `when` compiled. Done once at start, so a missing secret stops
// the start.

import { RulesError } from "../config/rules.ts";
import type { EventBody } from "../core/outbound/build-event-body.ts";
import {
  ENV_REFERENCE,
  HUBSPOT,
  type OutboundConfig,
  type OutboundEventType,
} from "../core/outbound/config.ts";
import { ENCHARGE } from "../core/outbound/encharge-config.ts";
import { type CompiledCondition, compileCondition } from "../core/rules/conditions.ts";
import { sendEncharge } from "./send-encharge.ts";
import { sendHubspot } from "./send-hubspot.ts";
import { type SendResult, sendWebhook } from "./send-webhook.ts";

export interface SendInput {
  body: EventBody;
  now: Date;
  timeoutMs: number;
}

/** A webhook or HubSpot: what it hears of, for which leads, and how one event is sent. */
export interface Target {
  name: string;
  events: ReadonlySet<OutboundEventType>;
  when: CompiledCondition | null;
  send(input: SendInput): Promise<SendResult>;
}

/** A RulesError, so the start and the CLI report it like any bad rules file (one line each). */
export class OutboundConfigError extends RulesError {
  constructor(problems: { path: string; message: string }[]) {
    super("leadops.yml", problems);
    this.name = "OutboundConfigError";
  }
}

export function resolveWebhooks(
  config: OutboundConfig,
  lookup: (name: string) => string | undefined,
): Map<string, Target> {
  const problems: { path: string; message: string }[] = [];
  const secretOf = (value: string, path: string) => {
    const ref = ENV_REFERENCE.exec(value)?.[1];
    const secret = ref ? lookup(ref) : value;
    if (!secret) problems.push({ path, message: `the environment variable ${ref} is not set` });
    return secret;
  };
  const targets = new Map<string, Target>();
  config.webhooks.forEach((w, i) => {
    const secret = secretOf(w.secret, `outbound.webhooks.${i}.secret`);
    if (!secret) return;
    const hook = { url: w.url, secret };
    targets.set(w.name, {
      name: w.name,
      events: new Set(w.events),
      when: w.when ? compileCondition(w.when) : null,
      send: (input) => sendWebhook({ hook, ...input }),
    });
  });
  const hs = config.hubspot;
  if (hs) {
    const token = secretOf(hs.token, "outbound.hubspot.token");
    if (token)
      targets.set(HUBSPOT, {
        name: HUBSPOT,
        events: new Set(hs.events),
        when: hs.when ? compileCondition(hs.when) : null,
        send: (input) => sendHubspot({ config: hs, token, ...input }),
      });
  }
  const en = config.encharge;
  if (en) {
    const apiKey = secretOf(en.apiKey, "outbound.encharge.apiKey");
    if (apiKey)
      targets.set(ENCHARGE, {
        name: ENCHARGE,
        events: new Set(en.events),
        when: en.when ? compileCondition(en.when) : null,
        send: (input) => sendEncharge({ config: en, apiKey, ...input }),
      });
  }
  if (problems.length > 0) throw new OutboundConfigError(problems);
  return targets;
}
