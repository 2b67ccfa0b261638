// Who may do what, as a table: every `/leads` subcommand and every lead button, for a rep, a
// manager, someone in marketing and a stranger (a workspace member LeadOps does not know).
// "refused" means a private reply (ephemeral, through the response_url) saying why, marked
// :no_entry:, and nothing changed; "allowed" means no refusal and the action's effect.
// Expectations come from CONTRACT.md (managers only: report, export; a refused command says why,
// privately) and PRODUCT.md (reps claim; the owner or a manager works the lead).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockAction, HOT_CHANNEL, slashCommand } from "../fixtures/slack/payloads.ts";
import { type SlackTestApp, startSlackTestApp } from "../helpers/slack.ts";

const REP = "U0ROLEREP";
const OTHER_REP = "U0ROLEREP2";
const MANAGER = "U0ROLEMGR";
const MARKETER = "U0ROLEMKT";
const STRANGER = "U0ROLENOBODY";
const ACTORS = { rep: REP, manager: MANAGER, marketing: MARKETER, stranger: STRANGER } as const;
type Actor = keyof typeof ACTORS;

const RULES = `
channels: { hot: ${HOT_CHANNEL}, marketing: C0MKT0001, managers: C0MGR0001 }
roles: { managers: [${MANAGER}], marketing: [${MARKETER}] }
reps:
  - { slackId: ${REP}, name: Role Rep }
  - { slackId: ${OTHER_REP}, name: Other Rep }
`;

type Verdict = "allowed" | "refused";

let app: SlackTestApp;
let n = 0;

async function lead(owner: string | null) {
  n += 1;
  return app.db.prisma.lead.create({
    data: {
      email: `role${n}@acme.test`,
      name: `Role Lead ${n}`,
      company: "Acme",
      grade: "hot",
      stage: "sql",
      totalScore: 75,
      fitScore: 40,
      engagementScore: 35,
      rulesVersion: app.ctx.rulesHash,
      ownerSlackId: owner,
      ...(owner ? { assignedAt: new Date() } : {}),
    },
    select: { id: true, email: true },
  });
}

/** The private replies to one request, and whether any of them is a refusal. */
function repliesTo(id: string) {
  const replies = app.fake.callsTo("response_url").filter((c) => c.responseId === id);
  const text = JSON.stringify(replies.map((r) => r.body));
  return {
    replies,
    refused: text.includes(":no_entry:") || /only managers|not set up as a rep/i.test(text),
    allPrivate: replies.every((r) => r.body.response_type === "ephemeral"),
    text,
  };
}

async function command(actor: string, text: string) {
  const id = `cmd-${++n}`;
  const before = app.fake.calls.length;
  const res = await app.send(
    slashCommand({ userId: actor, text, responseUrl: app.fake.responseUrl(id) }),
    "application/x-www-form-urlencoded",
  );
  expect(res.statusCode).toBe(200);
  await app.idle();
  return { ...repliesTo(id), calls: app.fake.calls.slice(before) };
}

async function click(actor: string, actionId: string, leadId: string) {
  const id = `btn-${++n}`;
  const before = app.fake.calls.length;
  const res = await app.interact(
    blockAction({ userId: actor, actionId, value: leadId, responseUrl: app.fake.responseUrl(id) }),
  );
  expect(res.statusCode).toBe(200);
  await app.idle();
  return { ...repliesTo(id), calls: app.fake.calls.slice(before) };
}

beforeAll(async () => {
  app = await startSlackTestApp({ kind: "pglite", rulesYaml: RULES });
});
afterAll(async () => {
  await app?.close();
});

// Subcommand → expected verdict per role. `args` may need a lead's email.
const COMMANDS: {
  sub: string;
  args?: (email: string) => string;
  expect: Record<Actor, Verdict>;
  note?: string;
}[] = [
  { sub: "help", expect: { rep: "allowed", manager: "allowed", marketing: "allowed", stranger: "allowed" } },
  {
    sub: "report",
    args: () => "week",
    expect: { rep: "refused", manager: "allowed", marketing: "refused", stranger: "refused" },
  },
  {
    sub: "export",
    args: () => "month",
    expect: { rep: "refused", manager: "allowed", marketing: "refused", stranger: "refused" },
  },
  // Every command that reads leads or rules is for members (issue 15: roles before lookups).
  { sub: "mine", expect: { rep: "allowed", manager: "allowed", marketing: "allowed", stranger: "refused" } },
  // find shows lead names and emails: PRODUCT.md's users only (also pinned in its own test below).
  {
    sub: "find",
    args: (e) => e,
    expect: { rep: "allowed", manager: "allowed", marketing: "allowed", stranger: "refused" },
  },
  // Qualifying an unowned lead: any rep, or a manager; not marketing or a stranger.
  {
    sub: "qualify",
    args: (e) => e,
    expect: { rep: "allowed", manager: "allowed", marketing: "refused", stranger: "refused" },
  },
  // Availability belongs to reps.
  {
    sub: "away",
    args: () => "",
    expect: { rep: "allowed", manager: "refused", marketing: "refused", stranger: "refused" },
  },
  { sub: "back", expect: { rep: "allowed", manager: "refused", marketing: "refused", stranger: "refused" } },
  { sub: "rules", expect: { rep: "allowed", manager: "allowed", marketing: "allowed", stranger: "refused" } },
  {
    sub: "simulate",
    args: () => "sim@acme.test",
    expect: { rep: "allowed", manager: "allowed", marketing: "allowed", stranger: "refused" },
  },
];

describe("/leads subcommands by role", () => {
  for (const row of COMMANDS) {
    for (const actor of Object.keys(ACTORS) as Actor[]) {
      it(`${row.sub}: ${actor} is ${row.expect[actor]}`, async () => {
        const l = await lead(null);
        const text = `${row.sub} ${row.args?.(l.email) ?? ""}`.trim();
        const out = await command(ACTORS[actor], text);
        const opened = out.calls.some((c) => c.method === "views.open");
        expect(out.replies.length + (opened ? 1 : 0), `no answer at all to /leads ${text}`).toBeGreaterThan(
          0,
        );
        expect(out.allPrivate).toBe(true);
        expect(out.refused ? "refused" : "allowed", out.text.slice(0, 400)).toBe(row.expect[actor]);
        if (row.expect[actor] === "refused") {
          // Says why: more than the emoji.
          expect(out.text.replace(/:no_entry:/g, "").length).toBeGreaterThan(20);
          expect(opened).toBe(false);
        }
        if (row.sub === "qualify" && row.expect[actor] === "allowed") expect(opened).toBe(true);
      });
    }
  }

  // `/leads find` hands out lead names and emails: PRODUCT.md's users (reps, managers,
  // marketing) only.
  it("find: a stranger is refused (lead emails are personal data)", async () => {
    const l = await lead(REP);
    const out = await command(STRANGER, `find ${l.email}`);
    expect(out.refused).toBe(true);
    expect(out.text).not.toContain(l.email);
  });
});

// Button → who may press it. Claim is for reps on an unowned lead; the rest are the owner's
// (here REP) or a manager's.
const BUTTONS: { action: string; label: string; owned: boolean; expect: Record<Actor, Verdict> }[] = [
  {
    action: "lead_claim",
    label: "Claim",
    owned: false,
    expect: { rep: "allowed", manager: "refused", marketing: "refused", stranger: "refused" },
  },
  ...(
    [
      ["lead_contacted", "Contacted"],
      ["lead_qualify", "Qualify"],
      ["lead_won", "Won"],
      ["lead_lost", "Lost"],
      ["lead_release", "Release"],
      ["lead_nurture", "Nurture"],
    ] as const
  ).map(([action, label]) => ({
    action,
    label,
    owned: true,
    expect: { rep: "allowed", manager: "allowed", marketing: "refused", stranger: "refused" } as Record<
      Actor,
      Verdict
    >,
  })),
];

describe("lead buttons by role", () => {
  for (const row of BUTTONS) {
    for (const actor of Object.keys(ACTORS) as Actor[]) {
      it(`${row.label}: ${actor} is ${row.expect[actor]}`, async () => {
        const l = await lead(row.owned ? REP : null);
        const before = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: l.id } });
        const out = await click(ACTORS[actor], row.action, l.id);
        const after = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: l.id } });
        expect(out.allPrivate).toBe(true);
        expect(out.refused ? "refused" : "allowed", out.text.slice(0, 400)).toBe(row.expect[actor]);
        const opened = out.calls.some((c) => c.method === "views.open");
        if (row.expect[actor] === "refused") {
          expect(out.replies.length).toBeGreaterThan(0);
          expect(out.text.replace(/:no_entry:/g, "").length).toBeGreaterThan(20);
          expect(opened).toBe(false);
          expect(after.ownerSlackId).toBe(before.ownerSlackId);
          expect(after.stage).toBe(before.stage);
          expect(after.firstResponseAt).toEqual(before.firstResponseAt);
          expect(after.contactedAt).toEqual(before.contactedAt);
          return;
        }
        switch (row.label) {
          case "Claim":
            expect(after.ownerSlackId).toBe(ACTORS[actor]);
            break;
          case "Contacted":
            // The contact is recorded for both; speed-to-lead (firstResponseAt) only counts the owner.
            expect(after.contactedAt).not.toBeNull();
            if (actor === "rep") expect(after.firstResponseAt).not.toBeNull();
            break;
          case "Release":
            expect(after.ownerSlackId).toBeNull();
            break;
          default:
            // Qualify, Won, Lost and Nurture open their modal.
            expect(opened).toBe(true);
        }
      });
    }
  }
});
