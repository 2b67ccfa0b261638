// `/leads rules`: the rules in force, summarised from the loaded leadops.yml (no database). For
// members only: the scoring and routing rules say who gets chased and how.
import { requireMember } from "../../../core/roles.ts";
import { buildRulesSummary } from "../../blocks/commands.ts";
import type { Subcommand } from "./types.ts";

export const rules: Subcommand = async ({ deps, cmd }) => {
  requireMember(deps.ctx.rules, cmd.user_id);
  const r = deps.ctx.rules;
  const strategies = [
    ...new Set([...r.routing.routes.map((x) => x.strategy), r.routing.defaultRoute.strategy]),
  ];
  return buildRulesSummary({
    thresholds: [
      { label: "warm (mql)", minTotal: r.scoring.thresholds.warm },
      { label: "hot (sql)", minTotal: r.scoring.thresholds.hot },
    ],
    scoringRules: [
      ...r.scoring.fit.map((x) => ({ name: x.description ?? x.id, kind: "fit" as const, points: x.points })),
      ...r.scoring.engagement.map((x) => ({
        name: x.description ?? x.id,
        kind: "engagement" as const,
        points: x.points,
      })),
    ],
    segments: r.segments.map((s) => s.name),
    routing: {
      strategy: strategies.join(", ").replace(/_/g, " "),
      claimWindowMinutes: r.routing.claimWindowMinutes,
      routes: [
        ...r.routing.routes.map((x) => `${x.name} (${x.mode}, ${x.strategy.replace(/_/g, " ")})`),
        `${r.routing.defaultRoute.name} (${r.routing.defaultRoute.mode}, default)`,
      ],
    },
    // null timers mean "never"; the summary has numbers only, so 0 stands for off there.
    sla: { nudgeMinutes: r.sla.nudgeMinutes ?? 0, rerouteMinutes: r.sla.rerouteMinutes ?? 0 },
    followUpDays: r.followUp.sqlInactiveDays,
    source: "leadops.yml",
  });
};
