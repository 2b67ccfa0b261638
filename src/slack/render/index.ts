// One renderer per notice kind. hot_lead_post is rendered in batches per channel by the worker
// (renderHotBatch) so bursts combine; it has no single-row renderer here.
import type { NoticeKind } from "../../store/outbox/enqueue-notice.ts";
import { renderAlertsDropped, renderCrossingSummary } from "./alert-summaries.ts";
import {
  renderDailyDigest,
  renderDisputeOpened,
  renderNurtureNotice,
  renderRepPaused,
  renderSlaBreach,
  renderThresholdAlert,
  renderUnassignedAlert,
} from "./channel-notices.ts";
import { renderAssignmentDm, renderFollowUpDm, renderRerouteDm, renderSlaNudge } from "./direct-messages.ts";
import { renderForgetRewrite } from "./forget-rewrite.ts";
import { renderLeadPostUpdate } from "./lead-post-update.ts";
import { renderLeadThread } from "./lead-thread.ts";
import { renderScoreReceipt } from "./score-receipt.ts";
import type { Renderer } from "./types.ts";

export const RENDERERS: Record<Exclude<NoticeKind, "hot_lead_post">, Renderer> = {
  lead_post_update: renderLeadPostUpdate,
  lead_thread: renderLeadThread,
  score_receipt: renderScoreReceipt,
  assignment_dm: renderAssignmentDm,
  sla_nudge: renderSlaNudge,
  reroute_dm: renderRerouteDm,
  sla_breach: renderSlaBreach,
  follow_up_dm: renderFollowUpDm,
  threshold_alert: renderThresholdAlert,
  crossing_summary: renderCrossingSummary,
  alerts_dropped: renderAlertsDropped,
  nurture_notice: renderNurtureNotice,
  daily_digest: renderDailyDigest,
  unassigned_alert: renderUnassignedAlert,
  dispute_opened: renderDisputeOpened,
  rep_paused: renderRepPaused,
  forget_rewrite: renderForgetRewrite,
};
