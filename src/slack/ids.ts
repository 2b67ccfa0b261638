// Every action_id, block_id and callback_id the Slack surfaces use. Builders and listeners both
// import from here so `register()` and the Block Kit JSON can never drift apart.

/** action_id of interactive elements. A button's `value` is always the lead id. */
export const ACTION = {
  claim: "lead_claim",
  contacted: "lead_contacted",
  qualify: "lead_qualify",
  won: "lead_won",
  lost: "lead_lost",
  release: "lead_release",
  nurture: "lead_nurture",
  /** On a lost lead's post; managers only. */
  reopen: "lead_reopen",
  homeAway: "home_away",
  homeBack: "home_back",
  homeRefresh: "home_refresh",
  /** "Why this score?" on App Home and in `/leads find` results: the lead's score receipt. */
  whyScore: "lead_why_score",
  /** The single input element inside every modal input block; the block_id says which field it is. */
  input: "value",
} as const;
export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** callback_id of modals and the Home view. */
export const VIEW = {
  champ: "lead_qualify_modal",
  won: "lead_won_modal",
  lost: "lead_lost_modal",
  nurture: "lead_nurture_modal",
  home: "leadops_home",
} as const;
export type ViewId = (typeof VIEW)[keyof typeof VIEW];

/** block_id of fixed blocks. Read a submitted value as `view.state.values[BLOCK.x][ACTION.input]`. */
export const BLOCK = {
  leadActions: "lead_actions",
  wonAmount: "won_amount",
  wonCurrency: "won_currency",
  wonCloseDate: "won_close_date",
  lostReason: "lost_reason",
  lostDetail: "lost_detail",
  nurtureReason: "nurture_reason",
  qualNotes: "qual_notes",
  homeAvailability: "home_availability",
} as const;
export type BlockId = (typeof BLOCK)[keyof typeof BLOCK];

/** Prefix of the input block of a qualification framework field: `qual_field:<fieldId>`. */
export const QUAL_FIELD_PREFIX = "qual_field:";

/** block_id of one framework field's input block. */
export function qualFieldBlockId(fieldId: string): string {
  return `${QUAL_FIELD_PREFIX}${fieldId}`.slice(0, 255);
}

/** The framework field id of a block_id made by {@link qualFieldBlockId}, or null for any other block. */
export function fieldIdFromBlockId(blockId: string): string | null {
  return blockId.startsWith(QUAL_FIELD_PREFIX) ? blockId.slice(QUAL_FIELD_PREFIX.length) : null;
}

/**
 * block_id that is unique per lead, for blocks repeated in one message (a combined post has one
 * actions block per lead, and Slack rejects duplicate block_ids in a message).
 */
export function leadBlockId(prefix: string, leadId: string): string {
  return `${prefix}:${leadId}`.slice(0, 255);
}
