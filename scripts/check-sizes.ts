// Size limits that keep src/ easy to enter (docs/decisions/0001-four-layers.md): no file over 400
// lines and no function over 80. Exceptions are named, with the reason, in
// test/unit/architecture/size-exceptions.ts. `npx tsx scripts/check-sizes.ts` prints every breach.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;

export interface SizeBreach {
  /** `src/…/file.ts` for a file, `src/…/file.ts#name` for a function. */
  where: string;
  lines: number;
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
    return node.name.getText(source);
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  return `(anonymous at line ${line + 1})`;
}

export function checkSource(file: string, text: string): SizeBreach[] {
  const out: SizeBreach[] = [];
  const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  if (lines > MAX_FILE_LINES) out.push({ where: file, lines });
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node) => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node)
    ) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const n = end - start + 1;
      if (n > MAX_FUNCTION_LINES) out.push({ where: `${file}#${nameOf(node, source)}`, lines: n });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" ? [] : walk(p);
    return d.name.endsWith(".ts") ? [p] : [];
  });
}

export function checkSizes(root: string): SizeBreach[] {
  return walk(path.join(root, "src")).flatMap((abs) =>
    checkSource(path.relative(root, abs).split(path.sep).join("/"), readFileSync(abs, "utf8")),
  );
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const found = checkSizes(process.cwd());
  for (const b of found) console.log(`${b.where}: ${b.lines} lines`);
  console.log(`${found.length} breach(es)`);
}
