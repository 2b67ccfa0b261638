// Builder (pure): what a message about a forgotten lead becomes. It names nobody and keeps no
// detail: the person asked for their data to be erased, and Slack kept a copy of the message.
import { message, section } from "./common.ts";
import type { SlackMessage } from "./types.ts";

export const FORGOTTEN_TEXT =
  "This message was about a lead whose personal data has been erased at their request.";

export function buildForgottenMessage(): SlackMessage {
  return message(FORGOTTEN_TEXT, [section(`:wastebasket: ${FORGOTTEN_TEXT}`)]);
}
