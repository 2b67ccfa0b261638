// Won, Lost and Nurture modals opened from the owner buttons.
import type { ModalView } from "@slack/types";
import { LIMITS } from "../escape.ts";
import { BLOCK, VIEW } from "../ids.ts";
import { context, label, leadName, option } from "./common.ts";
import { input, modal } from "./modal.ts";
import type { LeadSummaryVM, SelectOptionVM } from "./types.ts";

export interface OutcomeModalVM {
  lead: Pick<LeadSummaryVM, "id" | "name" | "email" | "company">;
  channel?: string | null;
  ts?: string | null;
}

export const DEFAULT_CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "CAD",
  "AUD",
  "CHF",
  "JPY",
  "INR",
  "BRL",
  "SEK",
] as const;

export const DEFAULT_LOST_REASONS: SelectOptionVM[] = [
  { value: "no_budget", label: "No budget" },
  { value: "no_need", label: "No need / bad fit" },
  { value: "competitor", label: "Chose a competitor" },
  { value: "timing", label: "Bad timing" },
  { value: "no_response", label: "No response" },
  { value: "price", label: "Price" },
  { value: "other", label: "Other" },
];

function meta(vm: OutcomeModalVM) {
  return { leadId: vm.lead.id, channel: vm.channel ?? null, ts: vm.ts ?? null };
}

/** Won: amount, currency and close date. `today` is YYYY-MM-DD in the rep's timezone (the caller knows it). */
export function buildWonModal(
  vm: OutcomeModalVM & {
    today: string;
    currency?: string | null;
    currencies?: readonly string[];
    /** The lead is a customer already: this records another purchase. */
    again?: boolean;
  },
): ModalView {
  const codes = [...(vm.currencies ?? DEFAULT_CURRENCIES)].slice(0, LIMITS.selectOptions);
  const currencyOptions = codes.map((c) => option(c, c));
  const initialCurrency = currencyOptions.find((o) => o.value === (vm.currency ?? codes[0]));
  return modal({
    callbackId: VIEW.won,
    title: vm.again ? "Won again" : "Mark as won",
    submit: vm.again ? "Record purchase" : "Mark won",
    metadata: { ...meta(vm), ...(vm.again ? { again: true } : {}) },
    blocks: [
      context(
        vm.again
          ? `:trophy: Another purchase by *${leadName(vm.lead)}*.`
          : `:trophy: Closing *${leadName(vm.lead)}* as won.`,
      ),
      input({
        blockId: BLOCK.wonAmount,
        label: "Deal amount",
        element: { type: "number_input", is_decimal_allowed: true, min_value: "0" },
      }),
      input({
        blockId: BLOCK.wonCurrency,
        label: "Currency",
        element: {
          type: "static_select",
          options: currencyOptions,
          ...(initialCurrency ? { initial_option: initialCurrency } : {}),
        },
      }),
      input({
        blockId: BLOCK.wonCloseDate,
        label: "Close date",
        element: {
          type: "datepicker",
          ...(/^\d{4}-\d{2}-\d{2}$/.test(vm.today) ? { initial_date: vm.today } : {}),
        },
      }),
    ],
  });
}

/** Lost: a reason from a list and optional detail. */
export function buildLostModal(vm: OutcomeModalVM & { reasons?: SelectOptionVM[] }): ModalView {
  const reasons = vm.reasons && vm.reasons.length > 0 ? vm.reasons : DEFAULT_LOST_REASONS;
  return modal({
    callbackId: VIEW.lost,
    title: "Mark as lost",
    submit: "Mark lost",
    metadata: meta(vm),
    blocks: [
      context(`Closing *${leadName(vm.lead)}* as lost.`),
      input({
        blockId: BLOCK.lostReason,
        label: "Reason",
        element: {
          type: "static_select",
          placeholder: label("Choose a reason", LIMITS.placeholder),
          options: reasons.slice(0, LIMITS.selectOptions).map((r) => option(r.value, r.label)),
        },
      }),
      input({
        blockId: BLOCK.lostDetail,
        label: "Details",
        element: { type: "plain_text_input", multiline: true, max_length: 3000 },
        optional: true,
      }),
    ],
  });
}

/** Nurture: send the lead back to marketing with a reason (marketing is told). */
export function buildNurtureModal(vm: OutcomeModalVM): ModalView {
  return modal({
    callbackId: VIEW.nurture,
    title: "Back to nurture",
    submit: "Send",
    metadata: meta(vm),
    blocks: [
      context(
        `:seedling: *${leadName(vm.lead)}* goes back to marketing nurture; marketing sees your reason.`,
      ),
      input({
        blockId: BLOCK.nurtureReason,
        label: "Reason",
        element: {
          type: "plain_text_input",
          multiline: true,
          min_length: 3,
          max_length: 1000,
          placeholder: label("e.g. Not ready until next quarter's budget", LIMITS.placeholder),
        },
      }),
    ],
  });
}
