// Shared modal scaffolding and the private_metadata codec every lead modal uses.
import type { InputBlock, InputBlockElement, KnownBlock, ModalView } from "@slack/types";
import { LIMITS, truncate } from "../escape.ts";
import { ACTION } from "../ids.ts";
import { label } from "./common.ts";
import type { ModalMetadata } from "./types.ts";

/** JSON in private_metadata; short keys because Slack caps it at 3000 characters. */
export function encodeModalMetadata(meta: ModalMetadata): string {
  const out: Record<string, string> = { l: meta.leadId };
  if (meta.channel) out.c = meta.channel;
  if (meta.ts) out.t = meta.ts;
  if (meta.frameworkId) out.f = meta.frameworkId;
  if (meta.again) out.a = "1";
  const json = JSON.stringify(out);
  if (json.length > LIMITS.privateMetadata) throw new RangeError("private_metadata over 3000 characters");
  return json;
}

/** Inverse of {@link encodeModalMetadata}; null when the string is not ours (never throws). */
export function decodeModalMetadata(raw: string | undefined | null): ModalMetadata | null {
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON: not a modal we built, the caller treats null as "unknown lead".
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const o = parsed as Record<string, unknown>;
  if (typeof o.l !== "string" || o.l === "") return null;
  const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
  return {
    leadId: o.l,
    channel: str(o.c),
    ts: str(o.t),
    frameworkId: str(o.f),
    ...(o.a === "1" ? { again: true } : {}),
  };
}

export function modal(opts: {
  callbackId: string;
  title: string;
  blocks: KnownBlock[];
  metadata: ModalMetadata;
  submit?: string;
  close?: string;
}): ModalView {
  return {
    type: "modal",
    callback_id: opts.callbackId,
    title: label(truncate(opts.title, LIMITS.modalTitle), LIMITS.modalTitle),
    submit: label(opts.submit ?? "Save", LIMITS.modalButton),
    close: label(opts.close ?? "Cancel", LIMITS.modalButton),
    private_metadata: encodeModalMetadata(opts.metadata),
    blocks: opts.blocks.slice(0, LIMITS.viewBlocks),
  };
}

/** An input block whose element always has action_id {@link ACTION.input}. */
export function input(opts: {
  blockId: string;
  label: string;
  element: InputBlockElement;
  optional?: boolean;
  hint?: string | null;
}): InputBlock {
  const block: InputBlock = {
    type: "input",
    block_id: opts.blockId,
    label: label(opts.label, LIMITS.inputLabel),
    element: { ...opts.element, action_id: ACTION.input } as InputBlockElement,
    optional: opts.optional ?? false,
  };
  if (opts.hint?.trim()) block.hint = label(opts.hint, LIMITS.inputHint);
  return block;
}
