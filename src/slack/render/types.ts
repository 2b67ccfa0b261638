// What a renderer gets (a claimed outbox row, the app context) and what it returns: a delivery
// for the worker to make, or a reason to skip it or wait.
import type { AppContext } from "../../context.ts";
import type { NoticeKind } from "../../store/outbox/enqueue-notice.ts";
import type { SlackMessage } from "../blocks/types.ts";

export interface OutboxRow {
  id: bigint;
  kind: NoticeKind | (string & {});
  channel: string | null;
  leadId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface RenderContext {
  ctx: AppContext;
  /** One instant for the whole pass, from the app's clock. */
  now: Date;
}

export type Rendered =
  | {
      action: "post";
      channel: string;
      threadTs?: string | null;
      message: SlackMessage;
      /** A lead's score receipt: where it lands is recorded on the lead, so changes edit it. */
      receiptOf?: string;
    }
  | { action: "update"; channel: string; ts: string; message: SlackMessage }
  /** Nothing to deliver any more (the lead was forgotten, there is no post to update …). */
  | { action: "skip"; reason: string }
  /** Not deliverable yet (the lead's post has not gone out); try again after `ms`. */
  | { action: "wait"; reason: string; ms: number };

export type Renderer = (rc: RenderContext, row: OutboxRow) => Promise<Rendered>;
