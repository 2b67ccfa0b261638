// The public surface of the Block Kit builders; listeners and jobs import from here.
export * from "./claimed.ts";
export * from "./commands.ts";
export * from "./common.ts";
export * from "./dm.ts";
export * from "./ephemeral.ts";
export * from "./home.ts";
export * from "./hot-lead.ts";
export * from "./marketing.ts";
export * from "./modal.ts";
export * from "./outcome-modals.ts";
export * from "./qualification-modal.ts";
export * from "./receipt.ts";
export type * from "./types.ts";
