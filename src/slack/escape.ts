// Escaping of user-supplied text for Slack mrkdwn, and truncation to Block Kit limits.
//
// Strategy (chosen and documented here because every builder relies on it):
// 1. Where a layout allows it, user text goes into `plain_text` objects (headers, buttons,
//    options, input labels): Slack renders those literally, with no mentions and no formatting.
// 2. Where we need mrkdwn (to mention `<@U…>` or bold our own labels), user text passes through
//    `escapeMrkdwn`:
//    - `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;` as Slack's docs require, so `<!channel>`,
//      `<@U123>` and `<https://x|y>` can never become control sequences;
//    - each formatting character `*`, `_`, `~` and `` ` `` is wrapped in zero-width spaces
//      (U+200B). Slack opens a style only when the marker follows a boundary and precedes a
//      non-space, and closes it only when the marker follows a non-space and precedes a boundary.
//      A marker with a ZWSP on both sides fails one of those tests whichever way Slack classifies
//      the ZWSP, so the text renders literally while looking unchanged to the reader.
//    - newlines become spaces in `escapeInline` (single-line slots), so a lead cannot start a
//      block quote or a list inside our layout.
// Slack has no backslash escape, and numeric entities other than the three above are shown raw,
// which is why lookalike characters or entities were not used.

/** Block Kit limits we respect (https://docs.slack.dev/reference/block-kit). */
export const LIMITS = {
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  contextElements: 10,
  actionsElements: 25,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  messageBlocks: 50,
  viewBlocks: 100,
  /** `text` of chat.postMessage is cut by Slack past 40k; notifications show far less. */
  fallbackText: 3000,
} as const;

const ZWSP = "\u200B";
const ELLIPSIS = "…";

function escapeChar(ch: string): string {
  switch (ch) {
    case "&":
      return "&amp;";
    case "<":
      return "&lt;";
    case ">":
      return "&gt;";
    case "*":
    case "_":
    case "~":
    case "`":
      return `${ZWSP}${ch}${ZWSP}`;
    default:
      return ch;
  }
}

/** Escape user text for a mrkdwn slot, keeping newlines. */
export function escapeMrkdwn(text: string): string {
  let out = "";
  for (const ch of text) out += escapeChar(ch);
  return out;
}

/**
 * Escape only `&`, `<` and `>`: for our own text that must keep its formatting but shows angle
 * brackets, like the `<email or name>` placeholders of the help text.
 */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escape user text for a single-line mrkdwn slot: line breaks and tabs collapse to one space. */
export function escapeInline(text: string): string {
  return escapeMrkdwn(oneLine(text));
}

/** Collapse line breaks and runs of whitespace to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Cut plain text to at most `max` characters (UTF-16 units, as Slack counts), ending with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let out = "";
  for (const ch of text) {
    // Whole code points only, so a surrogate pair is never split.
    if (out.length + ch.length > max - ELLIPSIS.length) break;
    out += ch;
  }
  return out + ELLIPSIS;
}

/** Escape and cut user text so the escaped result fits `max`; never splits an entity or a ZWSP pair. */
export function escapeTruncate(text: string, max: number, inline = true): string {
  const source = inline ? oneLine(text) : text;
  const full = escapeMrkdwn(source);
  if (full.length <= max) return full;
  let out = "";
  for (const ch of source) {
    const piece = escapeChar(ch);
    if (out.length + piece.length > max - ELLIPSIS.length) break;
    out += piece;
  }
  return out + ELLIPSIS;
}

/**
 * Cut already-built mrkdwn (ours, possibly holding `<@U…>` or entities) to `max`, at the last line
 * break that fits when there is one, else backing off so no `<…>` or `&…;` is left open.
 */
export function clampMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - ELLIPSIS.length - 1;
  const nl = text.lastIndexOf("\n", room);
  if (nl > 0) return `${text.slice(0, nl)}\n${ELLIPSIS}`;
  let cut = text.slice(0, Math.max(0, room));
  const lt = cut.lastIndexOf("<");
  if (lt > cut.lastIndexOf(">")) cut = cut.slice(0, lt);
  const amp = cut.lastIndexOf("&");
  if (amp >= 0 && !cut.slice(amp).includes(";")) cut = cut.slice(0, amp);
  // Do not leave half of a ZWSP-wrapped marker behind.
  if (cut.endsWith(ZWSP)) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}

/**
 * Join lines into as few chunks as possible, each at most `max` characters, for texts longer
 * than one section allows. A single line over `max` is clamped.
 */
export function chunkLines(lines: readonly string[], max: number = LIMITS.sectionText): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const raw of lines) {
    const line = clampMrkdwn(raw, max);
    if (current === "") current = line;
    else if (current.length + 1 + line.length <= max) current += `\n${line}`;
    else {
      chunks.push(current);
      current = line;
    }
  }
  if (current !== "") chunks.push(current);
  return chunks;
}

/** A user mention; only ids shaped like Slack ids pass, so a stored value cannot inject markup. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escapeInline(userId);
}

/** A channel link; same id check as {@link mention}. */
export function channelLink(channelId: string): string {
  return /^[CGD][A-Z0-9]+$/.test(channelId) ? `<#${channelId}>` : escapeInline(channelId);
}

// Emails are shown as mailto links: the label of a link is not parsed for `_` or `*`, so an
// address reads and copies exactly, with no zero-width spaces (escapeMrkdwn's way would put one
// on each side of every `_`, breaking copy-paste). Only plain addresses qualify; anything with
// characters that could end the link or open markup is shown in a code span, which Slack also
// shows literally, and only an address holding a backtick falls back to escapeInline.
const LINKABLE_EMAIL = /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** An email as mrkdwn: a `<mailto:…|…>` link, else literal text; never markup, never invisible characters. */
export function emailText(email: string): string {
  const value = oneLine(email);
  if (value.length <= 254 && LINKABLE_EMAIL.test(value)) return `<mailto:${value}|${value}>`;
  if (!value.includes("`")) return `\`${escapeEntities(truncate(value, 254))}\``;
  return escapeTruncate(value, 260);
}
