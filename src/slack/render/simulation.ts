// Builder (pure): a `/leads simulate` result: score, stage, segments, top reasons and the
// routing explanation (or why the lead would not be routed), all escaped (the input is whatever
// the user typed).
import type { KnownBlock } from "@slack/types";
import type { Simulation } from "../../core/leads/simulate-lead.ts";
import { explainDecision } from "../../core/routing/explain-decision.ts";
import {
  context,
  formatNumber,
  formatPoints,
  gradeText,
  header,
  message,
  section,
} from "../blocks/common.ts";
import type { SlackMessage } from "../blocks/types.ts";
import { chunkLines, escapeTruncate } from "../escape.ts";

export function buildSimulation(sim: Simulation): SlackMessage {
  const lines = [
    `${gradeText(sim.grade)} · total *${formatNumber(sim.score.total)}* (fit ${formatNumber(sim.score.fit)}, engagement ${formatNumber(sim.score.engagement)})`,
    `*Stage:* ${escapeTruncate(sim.stage.stage, 30)} (${escapeTruncate(sim.stage.reason, 300)})${sim.iql ? " · IQL" : ""}`,
    `*Segments:* ${sim.segments.length > 0 ? sim.segments.map((s) => escapeTruncate(s, 80)).join(", ") : "none"}`,
    "*Why*",
    ...(sim.reasons.length > 0
      ? sim.reasons.map((r) => `\`${formatPoints(r.points)}\` ${escapeTruncate(r.rule, 150)}`)
      : ["_no points_"]),
  ];
  const routing = sim.routing
    ? explainDecision(sim.routing, { format: "plain" })
        .split("\n")
        .map((l) => escapeTruncate(l, 500))
    : [
        escapeTruncate(sim.notRouted ?? "Not routed.", 500),
        `It would match route ${escapeTruncate(sim.route.name, 100)} (${escapeTruncate(sim.route.mode, 20)}).`,
      ];
  const blocks: KnownBlock[] = [
    header("Simulation (nothing saved)"),
    ...chunkLines(lines).map((t) => section(t)),
  ];
  if (routing.length > 0) blocks.push(...chunkLines(["*Routing*", ...routing]).map((t) => section(t)));
  blocks.push(
    context(
      `${sim.stored ? "The stored lead plus the events given. " : ""}${
        sim.live
          ? "Reps' availability, capacity and the rotation as they are now (`npx leadops simulate --live`)."
          : "Reps as leadops.yml declares them, all available (`npx leadops simulate`)."
      }`,
    ),
  );
  return message(
    `Simulation: ${sim.grade} ${formatNumber(sim.score.total)}, stage ${escapeTruncate(sim.stage.stage, 30)}`,
    blocks,
  );
}
