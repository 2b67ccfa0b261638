// A `/leads` subcommand: gets the parsed command and the rest of its text, returns the private
// reply (or null when it answered another way, e.g. by opening a modal).
import type { WebClient } from "@slack/web-api";
import type { SlackMessage } from "../../blocks/types.ts";
import type { SlackDeps } from "../deps.ts";
import type { CommandBody } from "../payloads.ts";

export interface SubcommandInput {
  deps: SlackDeps;
  cmd: CommandBody;
  /** The text after the subcommand word. */
  args: string;
  client: WebClient;
}

export type Subcommand = (input: SubcommandInput) => Promise<SlackMessage | null>;
