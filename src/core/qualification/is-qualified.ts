import type { QualificationFacts } from "../scoring/types.ts";
import type { QualificationConfig } from "./config.ts";

/**
 * Whether a lead's framework submissions promote it to sql: the latest submission of some
 * framework counts as qualified and that framework has `promoteToSql` (a framework no longer in
 * the rules file keeps its stored verdict).
 */
export function isQualified(options: {
  qualifications: readonly QualificationFacts[];
  config: QualificationConfig;
}): boolean {
  const latest = new Map<string, QualificationFacts>();
  for (const q of options.qualifications) {
    const prev = latest.get(q.framework);
    if (
      !prev ||
      q.at.getTime() > prev.at.getTime() ||
      (q.at.getTime() === prev.at.getTime() && q.id > prev.id)
    )
      latest.set(q.framework, q);
  }
  for (const q of latest.values()) {
    if (q.qualified && options.config.frameworks[q.framework]?.promoteToSql !== false) return true;
  }
  return false;
}
