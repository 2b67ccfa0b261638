import { describe, expect, it } from "vitest";
import * as B from "../../../src/slack/blocks/index.ts";
import { ACTION, BLOCK, fieldIdFromBlockId, VIEW } from "../../../src/slack/ids.ts";
import { allOutputs, CHAMP, EVIL, evilLead, lead } from "./fixtures.ts";
import { blocksOf, buttons, mrkdwnStrings, textObjects } from "./walk.ts";

const OWNER_LABELS = ["Contacted", "Qualify", "Won", "Lost", "Release", "Nurture"];

describe("hot lead post", () => {
  it("has a Claim button carrying the lead id", () => {
    const msg = B.buildHotLeadPost(lead());
    const claim = buttons(msg.blocks);
    expect(claim).toEqual([{ text: "Claim", action_id: ACTION.claim, value: "lead_1", style: "primary" }]);
    expect(ACTION.claim).toBe("lead_claim");
  });

  it("shows who, source, lead magnet, score, grade, reasons, segments and route", () => {
    const msg = B.buildHotLeadPost(lead());
    const all = textObjects(msg.blocks)
      .map((t) => t.text)
      .join("\n");
    for (const s of [
      "Jane Doe",
      "VP Sales",
      "Acme",
      "typeform",
      "Pricing guide",
      "75",
      "fit 40",
      "engagement 35",
      "HOT",
      "`+25` Appointment booked",
      "`+20` Title is VP",
      "enterprise, emea",
      "Enterprise pool (round robin)",
    ]) {
      expect(all).toContain(s);
    }
    expect(msg.text).toContain("Jane Doe");
    expect(msg.text).toContain("HOT 75");
  });

  it("combined post never exceeds 50 blocks and reports how many leads fit", () => {
    for (const n of [1, 2, 7, 12, 13, 30, 200]) {
      const leads = Array.from({ length: n }, (_, i) => lead({ id: `l${i}` }));
      const { message, included } = B.buildCombinedHotLeadPost(leads);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(included).toBeGreaterThanOrEqual(1);
      expect(included).toBeLessThanOrEqual(n);
      const claims = buttons(message.blocks);
      expect(claims.map((b) => b.value)).toEqual(leads.slice(0, included).map((l) => l.id));
      expect(claims.every((b) => b.text === "Claim" && b.action_id === ACTION.claim)).toBe(true);
    }
    const many = Array.from({ length: 200 }, (_, i) => lead({ id: `l${i}` }));
    expect(B.buildCombinedHotLeadPost(many).included).toBeLessThan(200);
  });
});

describe("claimed update", () => {
  it("shows the owner and the time to claim, with exactly the owner buttons", () => {
    const msg = B.buildClaimedMessage(lead(), "U1", 134_000);
    const texts = mrkdwnStrings(msg).map((t) => t.text);
    expect(texts.some((t) => t.includes("claimed by <@U1> in 2m 14s"))).toBe(true);
    const bs = buttons(msg.blocks);
    expect(bs.map((b) => b.text)).toEqual(OWNER_LABELS);
    expect(bs.map((b) => b.action_id)).toEqual([
      ACTION.contacted,
      ACTION.qualify,
      ACTION.won,
      ACTION.lost,
      ACTION.release,
      ACTION.nurture,
    ]);
    expect(bs.every((b) => b.value === "lead_1")).toBe(true);
    // The claim-window hint is stale once someone owns the lead.
    expect(JSON.stringify(msg)).not.toContain("unclaimed after");
  });

  it("keeps owner buttons while open, none when closed, Claim again after release, Won again and Reopen", () => {
    const l = lead();
    const open: B.LeadStatusVM[] = [
      { state: "assigned", ownerSlackId: "U1", route: "Enterprise" },
      { state: "contacted", ownerSlackId: "U1" },
      { state: "qualified", ownerSlackId: "U1" },
    ];
    for (const s of open)
      expect(buttons(B.buildLeadStatusMessage(l, s).blocks).map((b) => b.text)).toEqual(OWNER_LABELS);
    const closed: B.LeadStatusVM[] = [
      { state: "lost", ownerSlackId: "U1", reason: "disqualified", reopenable: false },
      { state: "nurture", byUserId: "U1", reason: "later" },
    ];
    for (const s of closed) expect(buttons(B.buildLeadStatusMessage(l, s).blocks)).toEqual([]);
    const won = B.buildLeadStatusMessage(l, {
      state: "won",
      ownerSlackId: "U1",
      amount: 5000,
      currency: "USD",
    });
    expect(buttons(won.blocks).map((b) => [b.text, b.action_id, b.value])).toEqual([
      ["Won again", ACTION.won, "lead_1"],
    ]);
    const lost = B.buildLeadStatusMessage(l, {
      state: "lost",
      ownerSlackId: "U1",
      reason: "budget",
      reopenable: true,
    });
    expect(buttons(lost.blocks).map((b) => [b.text, b.action_id, b.value])).toEqual([
      ["Reopen", ACTION.reopen, "lead_1"],
    ]);
    const released = B.buildLeadStatusMessage(l, { state: "released", byUserId: "U1" });
    expect(buttons(released.blocks).map((b) => [b.text, b.action_id, b.value])).toEqual([
      ["Claim", ACTION.claim, "lead_1"],
    ]);
  });

  it("states reflect the current state in words", () => {
    const l = lead();
    expect(B.statusLine({ state: "won", ownerSlackId: "U1", amount: 12000, currency: "EUR" })).toContain(
      "won by <@U1> · 12,000 EUR",
    );
    expect(B.statusLine({ state: "assigned", ownerSlackId: "U3", route: "EMEA", afterMs: 300_000 })).toBe(
      ":arrow_right: assigned to <@U3> by routing via EMEA after 5m unclaimed",
    );
    expect(
      B.buildLeadStatusMessage(l, { state: "lost", ownerSlackId: "U1", reason: "price" }).text,
    ).toContain("lost by <@U1> · price");
  });
});

describe("ephemeral replies", () => {
  it("tells other clickers who has the lead", () => {
    expect(B.buildAlreadyClaimed("U2").text).toBe("<@U2> already claimed this lead.");
  });

  it("gives a reason for every refusal", () => {
    const reasons: B.RefusalReason[] = [
      "not_rep",
      "away",
      "at_capacity",
      "paused",
      "not_owner",
      "not_manager",
      "closed",
      "unknown_lead",
    ];
    for (const r of reasons) expect(B.buildRefusal(r).text.length).toBeGreaterThan(10);
    expect(B.buildRefusal("not_owner", { ownerSlackId: "U9" }).text).toContain("<@U9>");
    expect(B.buildRefusal("at_capacity", { open: 5, capacity: 5 }).text).toContain("5 open of 5");
    expect(B.buildRefusal("away").text).toContain("away");
  });
});

describe("thread messages", () => {
  it("score receipt lists every entry grouped fit / engagement with totals", () => {
    const msg = B.buildScoreReceipt({
      lead: { id: "l1", name: "Jane" },
      score: { fit: 20, engagement: 33, total: 53, grade: "warm" },
      entries: [
        { rule: "Title is VP", kind: "fit", points: 20, currentPoints: 20, at: "2025-03-01T00:00:00Z" },
        {
          rule: "Appointment booked",
          kind: "engagement",
          points: 25,
          currentPoints: 18,
          at: "2025-03-01T00:00:00Z",
        },
        {
          rule: "Pricing page visited",
          kind: "engagement",
          points: 10,
          currentPoints: 15,
          at: "2025-03-02T00:00:00Z",
        },
      ],
    });
    const all = mrkdwnStrings(msg)
      .map((t) => t.text)
      .join("\n");
    expect(all).toContain("*Fit: 20* (1 rule, sum now +20)");
    expect(all).toContain("*Engagement: 33* (2 events, sum now +33)");
    expect(all).toContain("`+25` → now `+18` Appointment booked");
    expect(all).toContain("`+20` Title is VP");
    expect(all.indexOf("Title is VP")).toBeLessThan(all.indexOf("Appointment booked"));
  });

  it("score receipt with hundreds of entries stays within 50 blocks and 3000 chars per section", () => {
    const entries = Array.from({ length: 2500 }, (_, i) => ({
      rule: `Rule number ${i} with a fairly long descriptive name`,
      kind: i % 2 ? ("fit" as const) : ("engagement" as const),
      points: 5,
      currentPoints: 4,
      at: new Date(1_700_000_000_000 + i * 1000),
    }));
    const msg = B.buildScoreReceipt({
      lead: { id: "l" },
      score: { fit: 1, engagement: 1, total: 2, grade: "cold" },
      entries,
    });
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(msg)).toContain("more lines not shown");
  });

  it("assignment explanation names route, rule, strategy and skipped candidates", () => {
    const msg = B.buildAssignmentExplanation({
      ownerSlackId: "U1",
      route: "Enterprise",
      rule: "companySize >= 1000",
      strategy: "round robin",
      via: "routing",
      candidates: [{ slackId: "U2", skipped: "away" }, { slackId: "U1" }],
      lines: ["fairness ledger: U1 was 2 behind"],
    });
    const all = mrkdwnStrings(msg)
      .map((t) => t.text)
      .join("\n");
    expect(all).toContain("*Route:* Enterprise");
    expect(all).toContain("companySize &gt;= 1000");
    expect(all).toContain("round robin");
    expect(all).toContain("<@U2>: skipped, away");
    expect(all).toContain("<@U1>: chosen");
    expect(all).toContain("fairness ledger");
  });
});

describe("modals", () => {
  const champ = B.buildQualificationModal({ framework: CHAMP, lead: lead(), channel: "C1", ts: "123.456" });

  it("CHAMP inputs are labelled Challenges, Authority, Money, Prioritization, then Notes", () => {
    const labels = champ.blocks
      .filter((b) => b.type === "input")
      .map((b) => (b as { label: { text: string } }).label.text);
    expect(labels).toHaveLength(5);
    ["Challenges", "Authority", "Money", "Prioritization", "Notes"].forEach((name, i) => {
      expect(labels[i]?.startsWith(name)).toBe(true);
    });
    const notes = champ.blocks.find((b) => b.block_id === BLOCK.qualNotes) as {
      element: { type: string; multiline: boolean; action_id: string };
    };
    expect(notes.element).toMatchObject({
      type: "plain_text_input",
      multiline: true,
      action_id: ACTION.input,
    });
  });

  it("field blocks map back to framework field ids, selects carry the options", () => {
    const inputs = champ.blocks.filter((b) => b.type === "input");
    expect(inputs.map((b) => fieldIdFromBlockId(b.block_id ?? ""))).toEqual([
      "challenges",
      "authority",
      "money",
      "prioritization",
      null,
    ]);
    const money = inputs[2] as { element: { type: string; options: { value: string }[] }; optional: boolean };
    expect(money.element.type).toBe("static_select");
    expect(money.element.options.map((o) => o.value)).toEqual(["approved", "none"]);
    expect(money.optional).toBe(false);
    expect((inputs[3] as { optional: boolean; hint?: { text: string } }).optional).toBe(true);
    expect((inputs[3] as { hint?: { text: string } }).hint?.text).toBe("Timeline in their words");
  });

  it("private_metadata carries lead id, channel and ts", () => {
    expect(B.decodeModalMetadata(champ.private_metadata)).toEqual({
      leadId: "lead_1",
      channel: "C1",
      ts: "123.456",
      frameworkId: "champ",
    });
    expect(B.decodeModalMetadata("not json")).toBeNull();
    expect(B.decodeModalMetadata('{"x":1}')).toBeNull();
  });

  it("every modal has its callback_id, a short title, submit and close", () => {
    const l = lead();
    const modals = [
      [champ, VIEW.champ],
      [B.buildWonModal({ lead: l, today: "2025-03-03" }), VIEW.won],
      [B.buildLostModal({ lead: l }), VIEW.lost],
      [B.buildNurtureModal({ lead: l }), VIEW.nurture],
      [
        B.buildQualificationModal({ framework: { ...CHAMP, name: "A very long framework name" }, lead: l }),
        VIEW.champ,
      ],
    ] as const;
    for (const [m, id] of modals) {
      expect(m.type).toBe("modal");
      expect(m.callback_id).toBe(id);
      expect(m.title.text.length).toBeLessThanOrEqual(24);
      expect(m.submit?.text.length).toBeGreaterThan(0);
      expect(m.close?.text.length).toBeGreaterThan(0);
      expect(B.decodeModalMetadata(m.private_metadata)?.leadId).toBe("lead_1");
    }
  });

  it("Won has amount, currency and close date; Lost a reason select and text; Nurture a reason", () => {
    const won = B.buildWonModal({ lead: lead(), today: "2025-03-03", currency: "EUR" });
    const el = (blockId: string, m: { blocks: unknown[] }) =>
      (
        m.blocks.find((b) => (b as { block_id?: string }).block_id === blockId) as {
          element: Record<string, unknown>;
        }
      ).element;
    expect(el(BLOCK.wonAmount, won)).toMatchObject({ type: "number_input", is_decimal_allowed: true });
    expect(el(BLOCK.wonCurrency, won)).toMatchObject({
      type: "static_select",
      initial_option: { value: "EUR" },
    });
    expect(el(BLOCK.wonCloseDate, won)).toMatchObject({ type: "datepicker", initial_date: "2025-03-03" });
    const lost = B.buildLostModal({ lead: lead() });
    expect(el(BLOCK.lostReason, lost).type).toBe("static_select");
    expect(el(BLOCK.lostDetail, lost).type).toBe("plain_text_input");
    const nurture = B.buildNurtureModal({ lead: lead() });
    expect(el(BLOCK.nurtureReason, nurture)).toMatchObject({
      type: "plain_text_input",
      action_id: ACTION.input,
    });
  });
});

describe("marketing and DMs", () => {
  it("threshold alert says direction, from → to and reason", () => {
    const msg = B.buildThresholdAlert({
      lead: lead(),
      direction: "down",
      from: { grade: "hot", stage: "sql" },
      to: { grade: "warm", stage: "mql" },
      reason: "Decay",
    });
    expect(msg.text).toContain("went down: HOT / sql → WARM / mql (Decay)");
  });

  it("nurture notice says who, why and by whom", () => {
    const msg = B.buildNurtureNotice({ lead: lead(), reason: "Budget next year", byUserId: "U7" });
    expect(msg.text).toContain("by <@U7>: Budget next year");
    expect(msg.text).toContain("Jane Doe");
  });

  it("assignment DM has the summary, the why and the owner buttons", () => {
    const msg = B.buildAssignmentDm({
      lead: lead(),
      why: "EMEA pool, round robin",
      via: "routing",
      slaMinutes: 15,
    });
    expect(buttons(msg.blocks).map((b) => b.text)).toEqual(OWNER_LABELS);
    expect(JSON.stringify(msg)).toContain("EMEA pool, round robin");
    expect(msg.text).toContain("Respond within *15 min*");
  });

  it("SLA nudge says respond within N min or it will be re-routed", () => {
    const msg = B.buildSlaNudgeDm({ lead: lead(), minutesLeft: 44.2 });
    expect(msg.text).toContain("Respond within 45 min or it will be re-routed.");
    expect(buttons(msg.blocks).map((b) => b.text)).toEqual(["Contacted", "Release"]);
  });

  it("re-route and breach notices name the people involved", () => {
    const re = B.buildRerouteNoticeDm({
      lead: lead(),
      fromSlackId: "U1",
      toSlackId: "U2",
      reason: "no response in 60 min",
      audience: "previous_owner",
    });
    expect(JSON.stringify(re)).toContain("re-routed from you to <@U2>: no response in 60 min");
    expect(buttons(re.blocks)).toEqual([]);
    const breach = B.buildManagerBreachDm({
      lead: lead(),
      ownerSlackId: "U1",
      sla: "first response (15 min)",
      overdueMs: 600_000,
    });
    expect(JSON.stringify(breach)).toContain("first response (15 min) for <@U1>, 10m overdue");
  });
});

describe("App Home", () => {
  const base: B.HomeVM = {
    userId: "U1",
    isRep: true,
    availability: { state: "available" },
    openLeads: [{ id: "l1", name: "Jane", company: "Acme", grade: "hot", ageMs: 3_600_000, sla: "breached" }],
    week: { assigned: 4, contacted: 3, won: 1, medianFirstResponseMs: null },
  };

  it("shows leads with age and SLA, an Away toggle and the week's numbers", () => {
    const v = B.buildHomeView(base);
    expect(v.type).toBe("home");
    const all = JSON.stringify(v);
    expect(all).toContain("age 1h");
    expect(all).toContain("breached");
    expect(all).toContain("*Median first response*\\n—");
    const toggle = buttons(v.blocks).find((b) => b.action_id === ACTION.homeAway);
    expect(toggle?.text).toBe("Away");
    expect(buttons(v.blocks).find((b) => b.action_id === ACTION.qualify)?.value).toBe("l1");
    const why = buttons(v.blocks).find((b) => b.action_id === ACTION.whyScore);
    expect(why).toMatchObject({ value: "l1", text: "Why this score?" });
  });

  it("offers Back when away; when paused, no toggle but the manager's command", () => {
    const away = B.buildHomeView({ ...base, availability: { state: "away", until: "2025-04-01T00:00:00Z" } });
    expect(buttons(away.blocks).find((b) => b.action_id === ACTION.homeBack)?.text).toBe("Back");
    expect(buttons(away.blocks).some((b) => b.action_id === ACTION.homeAway)).toBe(false);
    const paused = B.buildHomeView({ ...base, availability: { state: "paused" } });
    expect(buttons(paused.blocks).some((b) => b.action_id === ACTION.homeBack)).toBe(false);
    expect(buttons(paused.blocks).some((b) => b.action_id === ACTION.homeAway)).toBe(false);
    expect(JSON.stringify(paused.blocks)).toContain("/leads unpause");
  });

  it("manager variant shows the team; never more than 100 blocks", () => {
    const openLeads = Array.from({ length: 500 }, (_, i) => ({
      id: `l${i}`,
      name: `Lead ${i}`,
      grade: "hot",
      ageMs: i * 60_000,
      sla: "ok" as const,
    }));
    const team = Array.from({ length: 300 }, (_, i) => ({
      slackId: `U${1000 + i}`,
      openLeads: i,
      capacity: 10,
      availability: i % 3 === 0 ? ({ state: "paused" } as const) : ({ state: "available" } as const),
    }));
    const v = B.buildHomeView({ ...base, openLeads, team, unassigned: 7 });
    expect(v.blocks.length).toBeLessThanOrEqual(100);
    const all = JSON.stringify(v);
    expect(all).toContain("Team queue");
    expect(all).toContain("<@U1003>: 3/10 open · paused");
    expect(all).toContain("more: `/leads mine`");
    expect(B.buildHomeView(base).blocks.some((b) => JSON.stringify(b).includes("Team queue"))).toBe(false);
  });
});

describe("/leads replies", () => {
  it("help lists every subcommand, one line each", () => {
    const msg = B.buildHelp();
    const lines = msg.text.split("\n").slice(1);
    for (const sub of ["report", "mine", "find", "qualify", "away", "back", "rules", "simulate", "export"]) {
      expect(lines.filter((l) => l.startsWith(`\`/leads ${sub}`))).toHaveLength(1);
    }
    expect(msg.text).toContain(
      "`/leads report [today|week|month|quarter|FROM..TO] [by rep|source|segment|leadMagnet|campaign|country|region]`",
    );
    // Placeholders in angle brackets are escaped, or Slack would read them as control sequences.
    expect(msg.text).toContain("`/leads find &lt;email or name&gt;`");
  });

  it("report uses — for missing values", () => {
    const msg = B.buildReportSummary({
      title: "Report",
      period: "this week",
      rows: [
        { label: "Leads", value: 1234 },
        { label: "Average deal size", value: null },
        { label: "CLV", value: undefined },
      ],
    });
    const all = mrkdwnStrings(msg)
      .map((t) => t.text)
      .join("\n");
    expect(all).toContain("Leads: *1,234*");
    expect(all).toContain("Average deal size: *—*");
    expect(all).toContain("CLV: *—*");
  });

  it("mine and find list leads; empty results say so", () => {
    expect(B.buildMineList([]).text).toBe("You have no open leads.");
    expect(B.buildFindResults("nobody@x.test", []).text).toContain("No lead matches");
    const many = Array.from({ length: 1000 }, (_, i) => ({
      id: `l${i}`,
      grade: "warm",
      ageMs: 1,
      sla: "ok" as const,
    }));
    expect(B.buildMineList(many).blocks.length).toBeLessThanOrEqual(50);
  });
});

describe("every builder", () => {
  const outputs = { ...allOutputs(lead()) };
  const evil = allOutputs(evilLead(), EVIL.join(" "));

  it("round-trips through JSON", () => {
    for (const [name, out] of Object.entries({ ...outputs, ...evil })) {
      expect(JSON.parse(JSON.stringify(out)), name).toEqual(out);
    }
  });

  it("never lets a hostile lead ping, link or format in any mrkdwn text", () => {
    const forbidden = [
      "<!channel>",
      "<!here>",
      "<@U123>",
      "<https://x|y>",
      "*bold*",
      "_x_",
      "~x~",
      "`rm -rf`",
      "```",
    ];
    for (const [name, out] of Object.entries(evil)) {
      for (const { text, path } of mrkdwnStrings(out)) {
        for (const f of forbidden) expect(text, `${name} ${path}`).not.toContain(f);
        expect(text, `${name} ${path}: bare &`).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }
    }
  });

  it("keeps Block Kit limits: text lengths, block counts, unique block_ids", () => {
    for (const [name, out] of Object.entries({ ...outputs, ...evil })) {
      const blocks = blocksOf(out);
      const isView =
        (out as { type?: string }).type === "home" || (out as { type?: string }).type === "modal";
      expect(blocks.length, name).toBeLessThanOrEqual(isView ? 100 : 50);
      const ids = blocks.map((b) => b.block_id).filter((id) => id !== undefined);
      expect(new Set(ids).size, `${name} duplicate block_id`).toBe(ids.length);
      for (const b of blocks) {
        if (b.type === "header") expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(150);
        if (b.type === "section" && b.text)
          expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(3000);
      }
      for (const btn of buttons(out)) expect(btn.text.length, name).toBeLessThanOrEqual(75);
      for (const t of textObjects(out)) expect(t.text.length, `${name} ${t.path}`).toBeGreaterThan(0);
    }
  });
});
