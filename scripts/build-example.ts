// Assembles leadops.example.yml from the documented fragments in docs/rules/, so each section's
// documentation lives beside the tests that check it parses.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const ORDER = [
  "_header",
  "scoring",
  "segments",
  "qualification",
  "routing",
  "sla",
  "followUp",
  "slack",
  "alerts",
  "outbound",
];

export function buildExample(): string {
  return `${ORDER.map((name) => readFileSync(`${root}docs/rules/${name}.yml`, "utf8").trimEnd()).join("\n\n")}\n`;
}

if (process.argv[1]?.endsWith("build-example.ts")) {
  writeFileSync(`${root}leadops.example.yml`, buildExample());
  console.log("wrote leadops.example.yml");
}
