// docs/lifecycle.md, rendered from the table in moves.ts (scripts/render-lifecycle.ts writes it;
// a test fails when the committed file differs).
import { stages } from "../scoring/types.ts";
import { decideMove } from "./decide-move.ts";
import { MOVES, ownerships, triggers } from "./moves.ts";

export function renderLifecycle(): string {
  const lines: string[] = [
    "# The lead lifecycle",
    "",
    "Generated from `src/core/lifecycle/moves.ts` by `npx tsx scripts/render-lifecycle.ts`; do not edit by hand",
    "(`test/unit/core/lifecycle.test.ts` fails when this file and the code differ).",
    "",
    `Stages: ${stages.map((s) => `\`${s}\``).join(", ")}. Ownership: ${ownerships.map((o) => `\`${o}\``).join(", ")}`,
    "(`offered`: posted with a Claim button until the claim window ends, nobody owns it yet; `closed`: lost).",
    `Triggers: ${triggers.map((t) => `\`${t}\``).join(", ")} (\`owner\` is the lead's owner; \`manager\` any manager).`,
    "",
    "## Moves",
    "",
    "| move | from stages | from ownership | to | who | what |",
    "|---|---|---|---|---|---|",
  ];
  for (const m of MOVES) {
    const to = `${m.to.stage === "same" ? "(same stage)" : m.to.stage}, ${m.to.ownership === "same" ? "(same owner)" : m.to.ownership}`;
    lines.push(
      `| ${m.name} | ${m.from.stages.join(", ")} | ${m.from.ownerships.join(", ")} | ${to} | ${m.by.join(", ")} | ${m.note} |`,
    );
  }
  lines.push(
    "",
    "## Which moves each state allows",
    "",
    `| stage \\ ownership | ${ownerships.join(" | ")} |`,
  );
  lines.push(`|---|${ownerships.map(() => "---").join("|")}|`);
  for (const stage of stages) {
    const cells = ownerships.map((ownership) => {
      const allowed = MOVES.filter((m) =>
        m.by.some((by) => decideMove({ move: m.name, from: { stage, ownership }, by }).ok),
      ).map((m) => m.name);
      return allowed.length ? allowed.join(", ") : "—";
    });
    lines.push(`| ${stage} | ${cells.join(" | ")} |`);
  }
  lines.push("");
  return lines.join("\n");
}
