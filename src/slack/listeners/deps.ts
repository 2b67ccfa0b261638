// What every listener is built with: the app context and a way to wake the outbox worker after a
// domain call queued a notice (so the post updates in well under a second).
import type { AppContext } from "../../context.ts";

export interface SlackDeps {
  ctx: AppContext;
  wakeOutbox(): void;
}
