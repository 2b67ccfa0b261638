// App Home: the rep's open leads with age and SLA state, availability with an Away/Back toggle,
// this week's numbers; managers also see the team's queue. Kept within 100 blocks.
import type { HomeView, KnownBlock } from "@slack/types";
import { chunkLines, escapeInline, escapeTruncate, LIMITS } from "../escape.ts";
import { ACTION, BLOCK, VIEW } from "../ids.ts";
import {
  actions,
  button,
  context,
  divider,
  EM_DASH,
  fieldsSection,
  formatDuration,
  formatUtc,
  header,
  leadName,
  owner,
  section,
  slackDate,
} from "./common.ts";
import type { Availability, HomeVM, OpenLeadVM, SlaState, TeamRowVM } from "./types.ts";

export const SLA_TEXT: Record<SlaState, string> = {
  ok: ":large_green_circle: on time",
  due_soon: ":large_yellow_circle: due soon",
  breached: ":red_circle: breached",
};

export function availabilityText(a: Availability): string {
  switch (a.state) {
    case "available":
      return ":white_check_mark: Available for new leads";
    case "away":
      return `:palm_tree: Away${a.until ? ` until ${slackDate(a.until)}` : ""}`;
    case "paused":
      return `:double_vertical_bar: Paused${a.reason?.trim() ? ` (${escapeTruncate(a.reason, 200)})` : ""}`;
  }
}

/** Plain words for the team table, where a date token per row would be noisy. */
function availabilityShort(a: Availability): string {
  switch (a.state) {
    case "available":
      return "available";
    case "away":
      return a.until ? `away until ${formatUtc(a.until)}` : "away";
    case "paused":
      return "paused";
  }
}

/** Blocks per open lead: its line, and its buttons (a section holds only one accessory). */
const BLOCKS_PER_LEAD = 2;

function leadBlocks(lead: OpenLeadVM): KnownBlock[] {
  const company = lead.company?.trim() ? ` · ${escapeTruncate(lead.company, 100)}` : "";
  const stage = lead.stage ? ` · ${escapeInline(lead.stage)}` : "";
  const text = `*${leadName(lead, 150)}*${company}\n${escapeInline(lead.grade.toUpperCase())}${stage} · age ${formatDuration(lead.ageMs)} · ${SLA_TEXT[lead.sla]}`;
  return [
    section(text),
    actions([
      button("Qualify", ACTION.qualify, lead.id),
      button("Why this score?", ACTION.whyScore, lead.id),
    ]),
  ];
}

function teamLine(row: TeamRowVM): string {
  const cap = row.capacity != null ? `/${row.capacity}` : "";
  const breached = row.breached ? ` · :red_circle: ${row.breached} breached` : "";
  return `• ${owner(row.slackId)}: ${row.openLeads}${cap} open${breached} · ${availabilityShort(row.availability)}`;
}

function weekBlocks(vm: HomeVM): KnownBlock[] {
  const median =
    vm.week.medianFirstResponseMs == null ? EM_DASH : formatDuration(vm.week.medianFirstResponseMs);
  return [
    header("This week"),
    fieldsSection([
      `*Assigned*\n${vm.week.assigned}`,
      `*Contacted*\n${vm.week.contacted}`,
      `*Won*\n${vm.week.won}`,
      `*Median first response*\n${median}`,
    ]),
  ];
}

function teamBlocks(vm: HomeVM): KnownBlock[] {
  if (!vm.team) return [];
  const lines = vm.team.length > 0 ? vm.team.map(teamLine) : ["_No reps configured._"];
  const blocks: KnownBlock[] = [divider(), header("Team queue")];
  for (const chunk of chunkLines(lines)) blocks.push(section(chunk));
  if (vm.unassigned != null) blocks.push(context(`Unassigned leads waiting: *${vm.unassigned}*`));
  return blocks;
}

const PAUSED_HINT = "Only a manager can lift a pause: ask one to run `/leads unpause @you`.";

export function buildHomeView(vm: HomeVM): HomeView {
  const top: KnownBlock[] = [header("LeadOps")];
  if (vm.isRep && vm.availability.state === "paused") {
    // An automatic pause is lifted by a manager only, so there is no Back button to offer.
    top.push(
      section(availabilityText(vm.availability), { block_id: BLOCK.homeAvailability }),
      context(PAUSED_HINT),
    );
  } else if (vm.isRep) {
    const toggle =
      vm.availability.state === "available"
        ? button("Away", ACTION.homeAway, vm.userId)
        : button("Back", ACTION.homeBack, vm.userId, "primary");
    top.push(
      section(availabilityText(vm.availability), { block_id: BLOCK.homeAvailability, accessory: toggle }),
    );
  } else {
    top.push(
      section("You are not set up as a rep, so no leads come to you. Admins add reps in `leadops.yml`."),
    );
  }
  if (vm.updatedAt) top.push(context(`Updated ${slackDate(vm.updatedAt)}`));

  const week = [divider(), ...weekBlocks(vm)];
  // The team table may take up to a third of the view; leads get what is left.
  const team = teamBlocks(vm).slice(0, Math.floor(LIMITS.viewBlocks / 3));
  const leadsHead: KnownBlock[] = [divider(), header(`Your open leads (${vm.openLeads.length})`)];
  const room = LIMITS.viewBlocks - top.length - week.length - team.length - leadsHead.length - 1;
  const shown = vm.openLeads.slice(0, Math.max(0, Math.floor(room / BLOCKS_PER_LEAD)));
  const leadList: KnownBlock[] =
    vm.openLeads.length === 0
      ? [context("No open leads. New hot leads appear in the hot-leads channel.")]
      : shown.flatMap(leadBlocks);
  if (shown.length < vm.openLeads.length) {
    leadList.push(
      context(`…and ${vm.openLeads.length - shown.length} more: \`/leads mine\` lists them all.`),
    );
  }
  const blocks = [
    ...top,
    ...(vm.isRep || vm.openLeads.length > 0 ? [...leadsHead, ...leadList] : []),
    ...week,
    ...team,
  ];
  return {
    type: "home",
    callback_id: VIEW.home,
    blocks: blocks.slice(0, LIMITS.viewBlocks),
  };
}
