// The outbound changes of a lead's refresh (scores, grade, stage, segments), which the audit log
// does not hold: they are LeadTransition and SegmentMembership rows, written by refreshLeads.
import type { AuditedChange } from "./map-audit-entry.ts";

export interface RefreshOutcome {
  leadId: string;
  before: { grade: string; stage: string; total: number };
  after: { grade: string; stage: string; total: number };
  entered: readonly string[];
  left: readonly string[];
}

/**
 * `lead.rescored` (sent as lead.updated) when the whole-number score, the grade or the stage
 * changed: fractions move with every decay refresh and would flood receivers. `lead.hot` when the
 * grade became hot; one `segment.*` per segment entered or left.
 */
export function refreshChanges(o: RefreshOutcome): AuditedChange[] {
  const out: AuditedChange[] = [];
  const at = (action: string, data: unknown) =>
    out.push({ action, entity: "lead", entityId: o.leadId, data });
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const score = { from: Math.round(o.before.total), to: Math.round(o.after.total) };
  if (score.from !== score.to) changes.score = score;
  if (o.before.grade !== o.after.grade) changes.grade = { from: o.before.grade, to: o.after.grade };
  if (o.before.stage !== o.after.stage) changes.stage = { from: o.before.stage, to: o.after.stage };
  if (Object.keys(changes).length > 0) at("lead.rescored", { changes });
  if (o.after.grade === "hot" && o.before.grade !== "hot") at("lead.hot", { from: o.before.grade });
  for (const segment of o.entered) at("segment.entered", { segment });
  for (const segment of o.left) at("segment.left", { segment });
  return out;
}
