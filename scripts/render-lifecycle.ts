// Writes docs/lifecycle.md from the lifecycle table in src/core/lifecycle/moves.ts.
import { writeFileSync } from "node:fs";
import { renderLifecycle } from "../src/core/lifecycle/render-lifecycle.ts";

writeFileSync(new URL("../docs/lifecycle.md", import.meta.url), renderLifecycle());
console.log("wrote docs/lifecycle.md");
