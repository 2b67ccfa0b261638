// Sample view models and one call of every builder, shared by the block tests.
import * as B from "../../../src/slack/blocks/index.ts";
import type { FrameworkVM, HotLeadVM, LeadSummaryVM } from "../../../src/slack/blocks/types.ts";

/** Every string a hostile lead could use to ping a channel, fake a mention or inject formatting. */
export const EVIL = [
  "<!channel>",
  "<!here>",
  "<@U123>",
  "<https://x|y>",
  "*bold*",
  "_x_",
  "~x~",
  "`rm -rf`",
  "```block```",
  "Tom & Jerry",
  "> quoted",
] as const;

export const evilText = EVIL.join(" ");

export const CHAMP: FrameworkVM = {
  id: "champ",
  name: "CHAMP",
  fields: [
    {
      id: "challenges",
      label: "Challenges: what problem are they solving?",
      type: "select",
      required: true,
      options: [
        { value: "clear", label: "Clear, urgent pain", points: 10 },
        { value: "vague", label: "Vague", points: 2 },
      ],
    },
    {
      id: "authority",
      label: "Authority: who decides?",
      type: "select",
      required: true,
      options: [
        { value: "decider", label: "Talking to the decision maker", points: 10 },
        { value: "influencer", label: "Influencer", points: 5 },
      ],
    },
    {
      id: "money",
      label: "Money: is there budget?",
      type: "select",
      required: true,
      options: [
        { value: "approved", label: "Budget approved", points: 10 },
        { value: "none", label: "No budget", points: -5 },
      ],
    },
    {
      id: "prioritization",
      label: "Prioritization: how urgent vs other projects?",
      type: "text",
      required: false,
      hint: "Timeline in their words",
    },
  ],
};

export function lead(overrides: Partial<HotLeadVM> = {}): HotLeadVM {
  return {
    id: "lead_1",
    name: "Jane Doe",
    email: "jane@acme.test",
    title: "VP Sales",
    company: "Acme",
    source: "typeform",
    leadMagnet: "Pricing guide",
    stage: "sql",
    score: { fit: 40, engagement: 35, total: 75, grade: "hot" },
    topReasons: [
      { rule: "Appointment booked", points: 25 },
      { rule: "Title is VP", points: 20 },
    ],
    segments: ["enterprise", "emea"],
    suggestedRoute: "Enterprise pool (round robin)",
    claimWindowMinutes: 5,
    ...overrides,
  };
}

/** A lead whose every user-supplied field is hostile. */
export function evilLead(id = "lead_evil"): HotLeadVM {
  return {
    id,
    name: evilText,
    email: "<!channel>@x.test",
    title: evilText,
    company: evilText,
    source: evilText,
    leadMagnet: evilText,
    stage: "*bold*",
    score: { fit: 1, engagement: 2, total: 3, grade: "*bold*" },
    topReasons: [{ rule: evilText, points: 5 }],
    segments: [evilText, "_x_"],
    suggestedRoute: evilText,
    claimWindowMinutes: 5,
  };
}

/** One output of every builder for the given lead, keyed by a readable name. */
export function allOutputs(l: HotLeadVM, text: string = l.name ?? ""): Record<string, unknown> {
  const summary: LeadSummaryVM = l;
  const open = {
    id: l.id,
    name: l.name,
    company: l.company,
    grade: l.score.grade,
    stage: l.stage,
    ageMs: 600_000,
    sla: "due_soon" as const,
  };
  return {
    hotPost: B.buildHotLeadPost(l),
    combined: B.buildCombinedHotLeadPost([l, { ...l, id: `${l.id}_2` }]).message,
    claimed: B.buildClaimedMessage(l, "U1", 134_000),
    assigned: B.buildLeadStatusMessage(l, {
      state: "assigned",
      ownerSlackId: "U1",
      route: text,
      afterMs: 300_000,
    }),
    contacted: B.buildLeadStatusMessage(l, { state: "contacted", ownerSlackId: "U1", contactedInMs: 60_000 }),
    qualified: B.buildLeadStatusMessage(l, { state: "qualified", ownerSlackId: "U1", framework: text }),
    won: B.buildLeadStatusMessage(l, { state: "won", ownerSlackId: "U1", amount: 12000, currency: "EUR" }),
    lost: B.buildLeadStatusMessage(l, { state: "lost", ownerSlackId: "U1", reason: text }),
    nurture: B.buildLeadStatusMessage(l, { state: "nurture", byUserId: "U1", reason: text }),
    released: B.buildLeadStatusMessage(l, { state: "released", byUserId: "U1", reason: text }),
    alreadyClaimed: B.buildAlreadyClaimed("U2", "2025-03-03T10:00:00Z"),
    refusalNotOwner: B.buildRefusal("not_owner", { ownerSlackId: "U2", note: text }),
    refusalCapacity: B.buildRefusal("at_capacity", { open: 5, capacity: 5 }),
    receipt: B.buildScoreReceipt({
      lead: l,
      score: l.score,
      entries: [
        { rule: text, kind: "fit", points: 20, currentPoints: 20, at: "2025-03-01T10:00:00Z" },
        {
          rule: text,
          kind: "engagement",
          points: 25,
          currentPoints: 18,
          at: new Date("2025-03-02T10:00:00Z"),
        },
      ],
    }),
    explanation: B.buildAssignmentExplanation({
      ownerSlackId: "U1",
      route: text,
      rule: text,
      strategy: "round robin",
      via: "routing",
      candidates: [{ slackId: "U2", skipped: text }, { slackId: "U1" }],
      lines: [text, "second line"],
    }),
    champModal: B.buildQualificationModal({
      framework: CHAMP,
      lead: l,
      channel: "C1",
      ts: "1700000000.000100",
      initial: { money: "approved", prioritization: text },
      initialNotes: text,
    }),
    wonModal: B.buildWonModal({ lead: l, channel: "C1", ts: "1.2", today: "2025-03-03" }),
    lostModal: B.buildLostModal({ lead: l }),
    nurtureModal: B.buildNurtureModal({ lead: l }),
    thresholdUp: B.buildThresholdAlert({
      lead: summary,
      direction: "up",
      from: { grade: "warm", stage: "mql" },
      to: { grade: "hot", stage: "sql" },
      reason: text,
    }),
    thresholdDown: B.buildThresholdAlert({
      lead: summary,
      direction: "down",
      from: { grade: "hot" },
      to: { grade: "warm" },
      reason: text,
    }),
    nurtureNotice: B.buildNurtureNotice({ lead: summary, reason: text, byUserId: "U1" }),
    assignmentDm: B.buildAssignmentDm({
      lead: summary,
      why: text,
      via: "routing",
      slaMinutes: 15,
      post: { channel: "C1", permalink: "https://acme.slack.com/archives/C1/p1" },
    }),
    slaNudge: B.buildSlaNudgeDm({ lead: summary, minutesLeft: 45, assignedAt: "2025-03-03T10:00:00Z" }),
    followUp: B.buildFollowUpReminderDm({
      lead: summary,
      idleMs: 3 * 86_400_000,
      lastActivityAt: new Date(0),
    }),
    rerouteOld: B.buildRerouteNoticeDm({
      lead: summary,
      fromSlackId: "U1",
      toSlackId: "U2",
      reason: text,
      audience: "previous_owner",
    }),
    rerouteNew: B.buildRerouteNoticeDm({
      lead: summary,
      fromSlackId: "U1",
      toSlackId: "U2",
      reason: text,
      audience: "new_owner",
    }),
    breach: B.buildManagerBreachDm({
      lead: summary,
      ownerSlackId: "U1",
      sla: text,
      overdueMs: 60_000,
      action: text,
    }),
    home: B.buildHomeView({
      userId: "U1",
      isRep: true,
      availability: { state: "paused", reason: text },
      openLeads: [open],
      week: { assigned: 3, contacted: 2, won: 1, medianFirstResponseMs: 125_000 },
      team: [
        {
          slackId: "U2",
          openLeads: 2,
          capacity: 5,
          breached: 1,
          availability: { state: "away", until: null },
        },
      ],
      unassigned: 1,
      updatedAt: new Date(0),
    }),
    help: B.buildHelp(),
    rules: B.buildRulesSummary({
      thresholds: [
        { label: text, minTotal: 60 },
        { label: "warm", minTotal: 30 },
      ],
      scoringRules: [
        { name: text, kind: "fit", points: 20 },
        { name: "Unsubscribed", kind: "engagement", points: -25 },
      ],
      segments: [text],
      routing: { strategy: "round robin", claimWindowMinutes: 5, routes: [text] },
      sla: { nudgeMinutes: 15, rerouteMinutes: 60 },
      followUpDays: 3,
      source: text,
    }),
    mine: B.buildMineList([open]),
    find: B.buildFindResults(text, [
      {
        id: l.id,
        name: l.name,
        email: l.email,
        company: l.company,
        grade: l.score.grade,
        total: 75,
        ownerSlackId: "U1",
      },
    ]),
    report: B.buildReportSummary({
      title: text,
      period: text,
      rows: [
        { label: text, value: text },
        { label: "Leads", value: 12 },
        { label: "Average deal size", value: null },
      ],
      groups: [{ title: text, rows: [{ label: text, value: undefined }] }],
      chartUrl: "https://example.test/chart.png",
    }),
  };
}
