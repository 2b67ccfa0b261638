// Replies to `/leads` subcommands: help, rules, mine, find, and the report summary.
import type { KnownBlock } from "@slack/types";
import {
  chunkLines,
  emailText,
  escapeEntities,
  escapeInline,
  escapeTruncate,
  LIMITS,
  truncate,
} from "../escape.ts";
import { ACTION } from "../ids.ts";
import {
  button,
  context,
  EM_DASH,
  formatDuration,
  formatNumber,
  formatPoints,
  header,
  leadName,
  message,
  owner,
  section,
} from "./common.ts";
import { SLA_TEXT } from "./home.ts";
import type {
  FindResultVM,
  OpenLeadVM,
  ReportRowVM,
  ReportVM,
  RulesSummaryVM,
  SlackMessage,
} from "./types.ts";

/**
 * Every subcommand from CONTRACT.md, then the ones added since (reassign, dispute, approve,
 * unpause), one line each. `managerOnly` marks what needs a manager.
 */
export const SUBCOMMANDS: readonly { usage: string; summary: string; managerOnly?: boolean }[] = [
  {
    usage:
      "report [today|week|month|quarter|FROM..TO] [by rep|source|segment|leadMagnet|campaign|country|region]",
    summary:
      "funnel, conversion, speed-to-lead and SLA numbers for a period; `report calibration [period]`: conversion by score band and rule, suggested thresholds; `report email [period]`: email sends, opens, clicks and rates by campaign and segment (both: managers and marketing)",
    managerOnly: true,
  },
  { usage: "mine", summary: "your open leads with age and SLA state" },
  { usage: "find <email or name>", summary: "look a lead up" },
  { usage: "qualify <lead email or id>", summary: "open the qualification (CHAMP) form for a lead" },
  { usage: "away [until DATE]", summary: "stop receiving leads, optionally until a date" },
  { usage: "back", summary: "end your away (only a manager lifts a pause)" },
  { usage: "rules", summary: "summary of the scoring, segment, routing and SLA rules in force" },
  {
    usage: "simulate <email> [events JSON] | <lead JSON>",
    summary: "what routing would do now with a lead (a stored one by email), without saving it",
  },
  { usage: "export [period]", summary: "CSV export of leads for a period", managerOnly: true },
  {
    usage: "reassign <lead email or id> <@rep> <reason>",
    summary: "give a lead to another rep; both are told",
    managerOnly: true,
  },
  {
    usage: "dispute <lead email or id> <reason>",
    summary: "tell the managers a lead you were given is junk",
  },
  {
    usage: "approve <dispute id or lead>",
    summary: "approve a junk dispute: the lead is disqualified and the rep gets a make-up lead",
    managerOnly: true,
  },
  { usage: "unpause <@rep>", summary: "put an auto-paused rep back in rotation", managerOnly: true },
  { usage: "help", summary: "this list" },
];

/** The `/leads help` text. Managers-only commands are marked, not hidden, so reps know they exist. */
export function buildHelp(): SlackMessage {
  const lines = SUBCOMMANDS.map(
    (c) => `\`/leads ${escapeEntities(c.usage)}\`: ${c.summary}${c.managerOnly ? " _(managers)_" : ""}`,
  );
  const blocks: KnownBlock[] = [
    header("LeadOps commands"),
    ...chunkLines(lines).map((t) => section(t)),
    context("A refused command tells you why, only to you."),
  ];
  return message(`LeadOps commands:\n${lines.join("\n")}`, blocks);
}

export function buildRulesSummary(vm: RulesSummaryVM): SlackMessage {
  const thresholds = [...vm.thresholds]
    .sort((a, b) => a.minTotal - b.minTotal)
    .map((t) => `${escapeInline(t.label)} ≥ ${formatNumber(t.minTotal)}`)
    .join(" · ");
  const scoring = (kind: "fit" | "engagement") =>
    vm.scoringRules
      .filter((r) => r.kind === kind)
      .map((r) => `• \`${formatPoints(r.points)}\` ${escapeTruncate(r.name, 150)}`);
  const fit = scoring("fit");
  const engagement = scoring("engagement");
  const routes = vm.routing.routes.map((r) => escapeTruncate(r, 150));
  const lines = [
    `*Grades (total score):* ${thresholds || EM_DASH}`,
    `*Fit rules (${fit.length})*`,
    ...(fit.length > 0 ? fit : ["_none_"]),
    `*Engagement rules (${engagement.length})*`,
    ...(engagement.length > 0 ? engagement : ["_none_"]),
    `*Segments (${vm.segments.length}):* ${vm.segments.map((s) => escapeTruncate(s, 80)).join(", ") || EM_DASH}`,
    `*Routing:* ${escapeTruncate(vm.routing.strategy, 100)}; claim window ${vm.routing.claimWindowMinutes} min${routes.length > 0 ? `; routes: ${routes.join(", ")}` : ""}`,
    `*SLA:* nudge after ${vm.sla.nudgeMinutes} min, re-route after ${vm.sla.rerouteMinutes} min`,
  ];
  if (vm.followUpDays != null)
    lines.push(`*Follow-up:* reminder after ${vm.followUpDays} days without activity`);
  const blocks: KnownBlock[] = [header("Rules in force"), ...chunkLines(lines).map((t) => section(t))];
  if (vm.source?.trim()) blocks.push(context(`From ${escapeTruncate(vm.source, 200)}`));
  return message("Rules in force", blocks);
}

function mineLine(lead: OpenLeadVM): string {
  const company = lead.company?.trim() ? ` (${escapeTruncate(lead.company, 100)})` : "";
  const stage = lead.stage ? ` · ${escapeInline(lead.stage)}` : "";
  return `• *${leadName(lead, 150)}*${company} · ${escapeInline(lead.grade.toUpperCase())}${stage} · age ${formatDuration(lead.ageMs)} · ${SLA_TEXT[lead.sla]}`;
}

/** `/leads mine`: compact lines, a few sections, so hundreds of leads still fit in one message. */
export function buildMineList(leads: readonly OpenLeadVM[]): SlackMessage {
  if (leads.length === 0) return message("You have no open leads.", [section("You have no open leads.")]);
  const chunks = chunkLines(leads.map(mineLine));
  const room = LIMITS.messageBlocks - 2;
  const blocks: KnownBlock[] = [
    header(`Your open leads (${leads.length})`),
    ...chunks.slice(0, room).map((t) => section(t)),
  ];
  if (chunks.length > room) blocks.push(context("…more than fit in one message; see App Home or the API."));
  return message(`You have ${leads.length} open lead${leads.length === 1 ? "" : "s"}.`, blocks);
}

function findLine(r: FindResultVM): string {
  const parts = [
    `*${leadName(r, 150)}*`,
    r.email?.trim() ? emailText(r.email) : null,
    r.company?.trim() ? escapeTruncate(r.company, 100) : null,
    `${escapeInline(r.grade.toUpperCase())} ${formatNumber(r.total)}`,
    r.stage ? escapeInline(r.stage) : null,
    `owner ${owner(r.ownerSlackId)}`,
    `id \`${escapeInline(r.id)}\``,
  ];
  return `• ${parts.filter((p): p is string => p !== null).join(" · ")}`;
}

/** `/leads find <query>` results. `more` says the search found more than it shows. */
export function buildFindResults(
  query: string,
  results: readonly FindResultVM[],
  more = false,
): SlackMessage {
  const q = escapeTruncate(query, 200);
  if (results.length === 0) {
    const text = `No lead matches “${q}”.`;
    return message(text, [section(text)]);
  }
  const room = LIMITS.messageBlocks - 2;
  const shown = results.slice(0, room);
  // One section per lead, so each carries its own "Why this score?" button.
  const blocks: KnownBlock[] = [
    section(`*${results.length}${more ? "+" : ""} lead${results.length === 1 ? "" : "s"} matching “${q}”*`),
    ...shown.map((r) =>
      section(truncate(findLine(r), LIMITS.sectionText), {
        accessory: button("Why this score?", ACTION.whyScore, r.id),
      }),
    ),
  ];
  if (more || shown.length < results.length)
    blocks.push(context("Showing the first matches; refine the search to see others."));
  return message(`${results.length} lead(s) matching “${q}”`, blocks);
}

function rowValue(v: ReportRowVM["value"]): string {
  if (v === null || v === undefined || v === "") return EM_DASH;
  if (typeof v === "number") return formatNumber(v);
  return escapeTruncate(v, 300);
}

function rowsToLines(rows: readonly ReportRowVM[]): string[] {
  return rows.map((r) => `${escapeTruncate(r.label, 150)}: *${rowValue(r.value)}*`);
}

/** Report summary: pre-computed rows (the reporting domain does the maths), "—" for missing values. */
export function buildReportSummary(vm: ReportVM): SlackMessage {
  const blocks: KnownBlock[] = [
    header(vm.title),
    context(`Period: ${escapeTruncate(vm.period, 200)}`),
    ...chunkLines(rowsToLines(vm.rows)).map((t) => section(t)),
  ];
  for (const g of vm.groups ?? []) {
    if (blocks.length >= LIMITS.messageBlocks - 2) break;
    blocks.push(section(`*${escapeTruncate(g.title, 150)}*`));
    for (const chunk of chunkLines(rowsToLines(g.rows))) {
      if (blocks.length >= LIMITS.messageBlocks - 2) break;
      blocks.push(section(chunk));
    }
  }
  if (vm.chartUrl && /^https:\/\/[^\s<>|]+$/.test(vm.chartUrl)) {
    blocks.push({ type: "image", image_url: vm.chartUrl, alt_text: truncate(`${vm.title} chart`, 2000) });
  }
  const summary = vm.rows
    .slice(0, 8)
    .map((r) => `${escapeTruncate(r.label, 60)}: ${rowValue(r.value)}`)
    .join("; ");
  return message(`${escapeTruncate(vm.title, 100)} (${escapeTruncate(vm.period, 100)}): ${summary}`, blocks);
}
