// Shared set-up of the Slack integration tests: a team in leadops.yml and leads made directly in
// the database (intake is tested elsewhere; here the lead only has to exist).
import type { Database } from "../../../src/store/db.ts";
import { HOT_CHANNEL } from "../../fixtures/slack/payloads.ts";

export const MANAGER = "U0MANAGER";
export const MARKETER = "U0MARKET";
export const OUTSIDER = "U0NOBODY";
export const AWAY_REP = "U0AWAY";
export const CAPPED_REP = "U0CAPPED";
export const REPS = Array.from({ length: 20 }, (_, i) => `U0REP${String(i).padStart(2, "0")}`);

export const RULES = `
channels: { hot: ${HOT_CHANNEL}, marketing: C0MKT0001, managers: C0MGR0001 }
roles: { managers: [${MANAGER}], marketing: [${MARKETER}] }
reps:
${REPS.map((id) => `  - { slackId: ${id}, name: Rep ${id.slice(-2)} }`).join("\n")}
  - { slackId: ${AWAY_REP}, name: Away Rep }
  - { slackId: ${CAPPED_REP}, name: Capped Rep, capacity: 1 }
`;

let n = 0;
/**
 * A hot lead scored with the app's current rules (so the background rescore at boot leaves it
 * alone and the scores stay what the test set).
 */
export async function createHotLead(
  app: { db: Database; ctx: { rulesHash: string } },
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; email: string }> {
  n += 1;
  const email = `lead${n}-${Math.random().toString(36).slice(2, 8)}@acme.test`;
  return app.db.prisma.lead.create({
    data: {
      email,
      name: `Jane Doe ${n}`,
      company: "Acme",
      title: "VP Sales",
      grade: "hot",
      stage: "sql",
      fitScore: 40,
      engagementScore: 35,
      totalScore: 75,
      rulesVersion: app.ctx.rulesHash,
      ...overrides,
    },
    select: { id: true, email: true },
  });
}

/** Queues the hot post the way routing does. */
export async function queueHotPost(db: Database, leadId: string): Promise<void> {
  await db.prisma.outboxMessage.create({
    data: { kind: "hot_lead_post", leadId, payload: { leadId }, dedupeKey: `hot:${leadId}` },
  });
}

/** Every block's text, flattened, for "does the message say X" assertions. */
export function textOf(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * `leadops_slack_deliveries_total` for one kind and result, as /metrics serves it. The counter
 * belongs to the process, so tests compare it before and after what they do.
 */
export async function deliveriesCounted(
  app: { server: { inject(url: string): Promise<{ body: string }> } },
  kind: string,
  result: string,
): Promise<number> {
  const { body } = await app.server.inject("/metrics");
  const line = body
    .split("\n")
    .find(
      (l) =>
        l.startsWith("leadops_slack_deliveries_total{") &&
        l.includes(`kind="${kind}"`) &&
        l.includes(`result="${result}"`),
    );
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}
