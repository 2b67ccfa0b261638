// Edges benchmark (issue 15): log scrubbing of hostile 100 kB strings, the old email pattern as
// the baseline measured in the same run (skipped above 20 kB: it is quadratic), and `matches`
// conditions on RE2 against V8's RegExp on ordinary values. Run: npx tsx bench/edges.ts
import os from "node:os";
import { compileCondition, leafConditionSchema } from "../src/core/rules/conditions.ts";
import { redactText } from "../src/observability/redact.ts";

const OLD_EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

console.log(
  `machine: ${os.cpus()[0]?.model}, ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}; node ${process.version}`,
);
const hostile: [string, (n: number) => string][] = [
  ["x@ then letters", (n) => `x@${"a".repeat(n)}`],
  ["x@ then 'a.-'", (n) => `x@${"a.-".repeat(Math.floor(n / 3))}`],
  ["letters", (n) => "a".repeat(n)],
  ["'a@' repeated", (n) => "a@".repeat(n / 2)],
  ["digits and spaces", (n) => "1 ".repeat(n / 2)],
];
for (const [label, make] of hostile) {
  const big = make(100_000);
  const now = time(() => redactText(big));
  const small = make(20_000);
  const old20 = time(() => small.replace(OLD_EMAIL, "[email]"));
  console.log(
    `redact ${label.padEnd(18)} 100 kB: ${now.toFixed(1)} ms   (old email pattern alone, 20 kB: ${old20.toFixed(1)} ms)`,
  );
}

const n = 200_000;
const value = "https://acme.example/pricing/team";
const re2 = compileCondition(leafConditionSchema.parse({ field: "u", op: "matches", value: "pricing" }));
const v8 = /pricing/i;
const tRe2 = time(() => {
  for (let i = 0; i < n; i++) re2({ u: value });
});
const tV8 = time(() => {
  for (let i = 0; i < n; i++) v8.test(value);
});
console.log(
  `matches "pricing" on a URL: RE2 ${((tRe2 * 1000) / n).toFixed(2)} µs, V8 RegExp ${((tV8 * 1000) / n).toFixed(2)} µs per test`,
);
const cat = compileCondition(leafConditionSchema.parse({ field: "t", op: "matches", value: "(a+)+$" }));
console.log(
  `matches "(a+)+$" on 9,000 a's then '!': RE2 ${time(() => cat({ t: `${"a".repeat(9_000)}!` })).toFixed(1)} ms (V8: 30 a's take seconds; not run)`,
);
