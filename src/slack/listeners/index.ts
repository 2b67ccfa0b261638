// The one place Slack ids meet handlers.
import type { App } from "@slack/bolt";
import { ACTION, VIEW } from "../ids.ts";
import { claimAction } from "./actions/claim.ts";
import { contactedAction } from "./actions/contacted.ts";
import { homeAvailabilityAction } from "./actions/home-availability.ts";
import { outcomeModalAction } from "./actions/outcome-modals.ts";
import { qualifyAction } from "./actions/qualify.ts";
import { releaseAction } from "./actions/release.ts";
import { reopenAction } from "./actions/reopen.ts";
import { whyScoreAction } from "./actions/why-score.ts";
import { leadsCommand } from "./commands/leads.ts";
import type { SlackDeps } from "./deps.ts";
import { appHomeOpened } from "./events/app-home-opened.ts";
import { lostSubmitted, nurtureSubmitted, wonSubmitted } from "./views/outcomes.ts";
import { qualificationSubmitted } from "./views/qualification.ts";

export function register(app: App, deps: SlackDeps): void {
  app.command("/leads", leadsCommand(deps));

  app.action({ type: "block_actions", action_id: ACTION.claim }, claimAction(deps));
  app.action({ type: "block_actions", action_id: ACTION.contacted }, contactedAction(deps));
  app.action({ type: "block_actions", action_id: ACTION.qualify }, qualifyAction(deps));
  app.action({ type: "block_actions", action_id: ACTION.won }, outcomeModalAction(deps, "won"));
  app.action({ type: "block_actions", action_id: ACTION.lost }, outcomeModalAction(deps, "lost"));
  app.action({ type: "block_actions", action_id: ACTION.nurture }, outcomeModalAction(deps, "nurture"));
  app.action({ type: "block_actions", action_id: ACTION.release }, releaseAction(deps));
  app.action({ type: "block_actions", action_id: ACTION.reopen }, reopenAction(deps));
  app.action({ type: "block_actions", action_id: ACTION.whyScore }, whyScoreAction(deps));
  app.action({ type: "block_actions", action_id: ACTION.homeAway }, homeAvailabilityAction(deps, "away"));
  app.action({ type: "block_actions", action_id: ACTION.homeBack }, homeAvailabilityAction(deps, "back"));
  app.action(
    { type: "block_actions", action_id: ACTION.homeRefresh },
    homeAvailabilityAction(deps, "refresh"),
  );

  app.view({ type: "view_submission", callback_id: VIEW.champ }, qualificationSubmitted(deps));
  app.view({ type: "view_submission", callback_id: VIEW.won }, wonSubmitted(deps));
  app.view({ type: "view_submission", callback_id: VIEW.lost }, lostSubmitted(deps));
  app.view({ type: "view_submission", callback_id: VIEW.nurture }, nurtureSubmitted(deps));

  app.event("app_home_opened", appHomeOpened(deps));
}
