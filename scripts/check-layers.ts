// The four layers of src/ and the one rule of each (docs/decisions/0001-four-layers.md), checked
// by reading every file's imports and, for flows and transports, its statements. Run by
// test/unit/architecture/layers.test.ts in `npm test`; `npx tsx scripts/check-layers.ts` prints
// every violation.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type Layer = "core" | "store" | "flows" | "transport" | "shared";

export interface Violation {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  rule: string;
  detail: string;
}

const TRANSPORTS = ["intake", "api", "slack", "jobs", "cli", "http", "outbound"];

export function layerOf(file: string): Layer {
  const [top, second] = file.split("/");
  if (top !== "src" || !second) return "shared";
  if (second === "core") return "core";
  if (second === "store") return "store";
  if (second === "flows") return "flows";
  if (TRANSPORTS.includes(second)) return "transport";
  return "shared"; // config/, observability/, context.ts, boot.ts, main.ts: the composition root
}

interface Import {
  spec: string;
  typeOnly: boolean;
}

const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

export function importsOf(text: string): Import[] {
  const out: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4];
    if (spec) out.push({ spec, typeOnly: Boolean(m[2]) });
  }
  return out;
}

/** Packages each layer may not import (any subpath). */
const DATABASE_PACKAGES = [
  "pg",
  "@prisma/client",
  "@prisma/adapter-pg",
  "@electric-sql/pglite",
  "pglite-prisma-adapter",
];
const IO_PACKAGES = [
  "node:fs",
  "node:fs/promises",
  "node:net",
  "node:http",
  "node:https",
  "node:child_process",
  "node:worker_threads",
  "fastify",
  "pino",
  "node-cron",
  "@slack/bolt",
  "@slack/web-api",
];
/** Statements that reach the database: only store/ may hold them. */
const DATABASE_CALLS = [
  { pattern: /\bsql\.(query|exec)\s*[<(]/, what: "an SQL statement (sql.query)" },
  { pattern: /\.prisma\b|\$queryRaw|\$executeRaw/, what: "the Prisma client" },
];

/** The store modules that run statements for the others (connections, transactions, migrations). */
const STORE_PLUMBING = [
  "src/store/db.ts",
  "src/store/sql.ts",
  "src/store/statement.ts",
  "src/store/migrate.ts",
  "src/store/cli-pg-adapter.ts",
];

function packageOf(spec: string): string {
  if (spec.startsWith("node:")) return spec;
  const parts = spec.split("/");
  return spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? spec);
}

export function checkFile(file: string, text: string): Violation[] {
  const layer = layerOf(file);
  const out: Violation[] = [];
  const add = (rule: string, detail: string) => out.push({ file, rule, detail });
  for (const { spec, typeOnly } of importsOf(text)) {
    if (spec.startsWith(".")) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const to = layerOf(target);
      const generated = target.startsWith("src/generated/");
      if (layer === "core") {
        const typeFromConfig = typeOnly && target.startsWith("src/config/");
        if (to !== "core" && !typeFromConfig) add("core is pure", `imports ${target}`);
      } else if (layer === "store") {
        if (to === "flows" || to === "transport") add("store makes no decisions", `imports ${target}`);
      } else if (layer === "flows") {
        if (to === "transport") add("flows know no transport", `imports ${target}`);
        if (generated && !typeOnly) add("flows reach the database only through store", `imports ${target}`);
      } else if (layer === "transport") {
        if (generated && !typeOnly)
          add("transports reach the database only through store and flows", `imports ${target}`);
      }
    } else {
      const pkg = packageOf(spec);
      if (layer === "core" && (DATABASE_PACKAGES.includes(pkg) || IO_PACKAGES.includes(pkg)))
        add("core is pure", `imports ${pkg}`);
      if ((layer === "flows" || layer === "transport") && DATABASE_PACKAGES.includes(pkg) && !typeOnly)
        add(`${layer} reach the database only through store`, `imports ${pkg}`);
      if (layer === "flows" && ["fastify", "@slack/bolt", "@slack/web-api"].includes(pkg))
        add("flows know no transport", `imports ${pkg}`);
      if (layer === "store" && ["fastify", "@slack/bolt", "@slack/web-api"].includes(pkg))
        add("store makes no decisions", `imports ${pkg}`);
    }
  }
  if (layer === "store" && !STORE_PLUMBING.includes(file)) {
    for (const { pattern, what } of DATABASE_CALLS) {
      if (pattern.test(text)) add("store statements are declared with statement()", what);
    }
  }
  if (layer === "flows" || layer === "transport" || layer === "core") {
    for (const { pattern, what } of DATABASE_CALLS) {
      if (pattern.test(text)) add("only store holds statements", what);
    }
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" ? [] : walk(p);
    return d.name.endsWith(".ts") ? [p] : [];
  });
}

/** Every violation in src/ of the repository at `root`, one per file and rule. */
export function checkLayers(root: string): Violation[] {
  const out: Violation[] = [];
  for (const abs of walk(path.join(root, "src"))) {
    const file = path.relative(root, abs).split(path.sep).join("/");
    const seen = new Set<string>();
    for (const v of checkFile(file, readFileSync(abs, "utf8"))) {
      if (seen.has(v.rule)) continue;
      seen.add(v.rule);
      out.push(v);
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.rule.localeCompare(b.rule));
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const found = checkLayers(process.cwd());
  for (const v of found) console.log(`${v.file}: ${v.rule} (${v.detail})`);
  console.log(`${found.length} violation(s)`);
}
