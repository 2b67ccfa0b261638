// Small shared pieces of Block Kit: text objects, buttons, number and time formats, the lead
// summary lines every surface reuses.
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  PlainTextOption,
  SectionBlock,
} from "@slack/types";
import {
  clampMrkdwn,
  emailText,
  escapeInline,
  escapeTruncate,
  LIMITS,
  mention,
  oneLine,
  truncate,
} from "../escape.ts";
import { ACTION, BLOCK, leadBlockId } from "../ids.ts";
import type { Instant, LeadSummaryVM, ReasonVM, ScoreVM, SlackMessage } from "./types.ts";

export const EM_DASH = "—";

export function plain(text: string, max: number = LIMITS.sectionText): PlainTextElement {
  // plain_text renders user text literally; emoji off so ":x:" in a name stays as typed.
  return { type: "plain_text", text: truncate(oneLine(text) || " ", max), emoji: false };
}

/** A plain_text object for our own labels (emoji shortcodes allowed). */
export function label(text: string, max: number): PlainTextElement {
  return { type: "plain_text", text: truncate(text, max), emoji: true };
}

export function mrkdwn(text: string, max: number = LIMITS.sectionText): MrkdwnElement {
  return { type: "mrkdwn", text: clampMrkdwn(text, max) };
}

export function section(text: string, extra: Partial<SectionBlock> = {}): SectionBlock {
  return { type: "section", text: mrkdwn(text), ...extra };
}

export function fieldsSection(fields: string[]): SectionBlock {
  return {
    type: "section",
    fields: fields.slice(0, LIMITS.sectionFields).map((f) => mrkdwn(f, LIMITS.sectionField)),
  };
}

export function header(text: string): HeaderBlock {
  return { type: "header", text: plain(text, LIMITS.headerText) };
}

export function context(...texts: string[]): ContextBlock {
  return { type: "context", elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t)) };
}

export function divider(): DividerBlock {
  return { type: "divider" };
}

export function button(text: string, actionId: string, value: string, style?: "primary" | "danger"): Button {
  const b: Button = {
    type: "button",
    text: label(text, LIMITS.buttonText),
    action_id: actionId,
    value: value.slice(0, LIMITS.buttonValue),
  };
  if (style) b.style = style;
  return b;
}

export function actions(elements: Button[], blockId?: string): ActionsBlock {
  const block: ActionsBlock = { type: "actions", elements: elements.slice(0, LIMITS.actionsElements) };
  if (blockId) block.block_id = blockId;
  return block;
}

export function option(value: string, text: string): PlainTextOption {
  return { text: plain(text, LIMITS.optionText), value: value.slice(0, LIMITS.optionValue) };
}

/** The owner's buttons, in the order CONTRACT.md fixes. */
export const OWNER_BUTTON_LABELS = ["Contacted", "Qualify", "Won", "Lost", "Release", "Nurture"] as const;

export function ownerButtons(leadId: string): ActionsBlock {
  return actions(
    [
      button("Contacted", ACTION.contacted, leadId, "primary"),
      button("Qualify", ACTION.qualify, leadId),
      button("Won", ACTION.won, leadId),
      button("Lost", ACTION.lost, leadId),
      button("Release", ACTION.release, leadId),
      button("Nurture", ACTION.nurture, leadId),
    ],
    leadBlockId(BLOCK.leadActions, leadId),
  );
}

/** A customer buys again: the Won modal again, for another purchase (core/lifecycle `buy-again`). */
export function boughtAgainButton(leadId: string): Button {
  return button("Won again", ACTION.won, leadId);
}

/** A manager reopens a lost lead (core/lifecycle `reopen`); anyone else is told privately. */
export function reopenButton(leadId: string): Button {
  return button("Reopen", ACTION.reopen, leadId);
}

export function claimButton(leadId: string): Button {
  return button("Claim", ACTION.claim, leadId, "primary");
}

/** "2m 14s", "1h 5m", "3d 2h", "45s"; two units at most because the reader wants a rough size. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return EM_DASH;
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return sec > 0 ? `${m}m ${sec}s` : `${m}m`;
  return `${sec}s`;
}

/** "+5", "-10", "0". */
export function formatPoints(points: number): string {
  const rounded = Math.round(points * 10) / 10;
  return rounded > 0 ? `+${rounded}` : `${rounded}`;
}

export function formatNumber(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: 2 }) : EM_DASH;
}

export function formatMoney(amount: number, currency?: string | null): string {
  const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : null;
  return code ? `${formatNumber(amount)} ${code}` : formatNumber(amount);
}

function toDate(at: Instant): Date | null {
  const d = at instanceof Date ? at : new Date(at);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** ISO-ish UTC text, the fallback every client can read. */
export function formatUtc(at: Instant): string {
  const d = toDate(at);
  return d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : EM_DASH;
}

/**
 * Slack date token: each reader sees the time in their own timezone; clients that cannot render
 * it show the UTC fallback.
 */
export function slackDate(at: Instant, format = "{date_short_pretty} {time}"): string {
  const d = toDate(at);
  if (!d) return EM_DASH;
  return `<!date^${Math.floor(d.getTime() / 1000)}^${format}|${formatUtc(d)}>`;
}

/** Escaped display name of a lead: name, else email, else its id. */
export function leadName(lead: Pick<LeadSummaryVM, "id" | "name" | "email">, max = 200): string {
  if (!lead.name?.trim() && lead.email?.trim()) return emailText(lead.email);
  const raw = lead.name?.trim() || `Lead ${lead.id}`;
  return escapeTruncate(raw, max);
}

/** Raw (unescaped) display name, for plain_text slots and fallback text built from plain text. */
export function leadNamePlain(lead: Pick<LeadSummaryVM, "id" | "name" | "email">): string {
  return oneLine(lead.name?.trim() || lead.email?.trim() || `Lead ${lead.id}`);
}

/** "Jane Doe, VP Sales at Acme" escaped for mrkdwn. */
export function leadWho(lead: LeadSummaryVM): string {
  let who = `*${leadName(lead)}*`;
  const title = lead.title?.trim();
  const company = lead.company?.trim();
  if (title) who += `, ${escapeTruncate(title, 200)}`;
  if (company) who += ` at ${escapeTruncate(company, 200)}`;
  return who;
}

export const GRADE_EMOJI: Record<string, string> = { hot: ":fire:", warm: ":sunny:", cold: ":snowflake:" };

export function gradeText(grade: string): string {
  const emoji = GRADE_EMOJI[grade] ?? ":bar_chart:";
  return `${emoji} ${escapeInline(grade.toUpperCase())}`;
}

export function scoreText(score: ScoreVM): string {
  return `${gradeText(score.grade)} · *${formatNumber(score.total)}* (fit ${formatNumber(score.fit)}, engagement ${formatNumber(score.engagement)})`;
}

export function reasonsText(reasons: readonly ReasonVM[] | undefined, max = 5): string {
  const top = (reasons ?? []).slice(0, max);
  if (top.length === 0) return "";
  return top.map((r) => `\`${formatPoints(r.points)}\` ${escapeTruncate(r.rule, 150)}`).join("\n");
}

export function sourceText(lead: LeadSummaryVM): string | null {
  const parts: string[] = [];
  if (lead.source?.trim()) parts.push(`*Source:* ${escapeTruncate(lead.source, 150)}`);
  if (lead.leadMagnet?.trim()) parts.push(`*Lead magnet:* ${escapeTruncate(lead.leadMagnet, 150)}`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

export function segmentsText(segments: readonly string[] | undefined, max = 10): string | null {
  const list = (segments ?? []).filter((s) => s.trim() !== "");
  if (list.length === 0) return null;
  const shown = list.slice(0, max).map((s) => escapeTruncate(s, 80));
  const more = list.length > max ? ` +${list.length - max} more` : "";
  return `*Segments:* ${shown.join(", ")}${more}`;
}

/** One-line fallback text for notifications: "Jane Doe (Acme) · HOT 72". Escaped. */
export function leadOneLiner(lead: LeadSummaryVM): string {
  const company = lead.company?.trim() ? ` (${escapeTruncate(lead.company, 100)})` : "";
  return `${leadName(lead, 100)}${company} · ${escapeInline(lead.score.grade.toUpperCase())} ${formatNumber(lead.score.total)}`;
}

/** The compact lead summary used inside DMs and notices. */
export function leadSummaryBlocks(lead: LeadSummaryVM): KnownBlock[] {
  const lines = [leadWho(lead), scoreText(lead.score)];
  const src = sourceText(lead);
  if (src) lines.push(src);
  const blocks: KnownBlock[] = [section(lines.join("\n"))];
  const reasons = reasonsText(lead.topReasons, 3);
  if (reasons) blocks.push(context(reasons));
  return blocks;
}

/** Fallback text, clamped to what notifications can carry. */
export function message(
  text: string,
  blocks: KnownBlock[],
  maxBlocks: number = LIMITS.messageBlocks,
): SlackMessage {
  return { text: clampMrkdwn(text, LIMITS.fallbackText), blocks: blocks.slice(0, maxBlocks) };
}

/** "<@U1>" or "nobody". */
export function owner(slackId: string | null | undefined): string {
  return slackId ? mention(slackId) : "nobody";
}
