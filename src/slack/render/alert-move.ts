// What a threshold alert shows moved: the grade and the stage crossings of one change together
// (`payload.crossings`, core/alerts/alert-crossings.ts), or the single crossing of a notice queued
// before they were merged (`payload.field/from/to`).
import type { AlertCrossing } from "../../core/alerts/alert-crossings.ts";
import type { ThresholdAlertVM } from "../blocks/types.ts";

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

const RANK: Record<string, number> = {
  cold: 0,
  warm: 1,
  hot: 2,
  lead: 0,
  mql: 1,
  sql: 2,
  customer: 3,
  nurture: -1,
  disqualified: -2,
};

interface Move {
  field: string;
  from: string;
  to: string;
  reason: string | null;
}

function movesOf(payload: Record<string, unknown>): Move[] {
  const list = Array.isArray(payload.crossings) ? payload.crossings : [payload];
  return list.flatMap((c) => {
    const o = (c ?? {}) as Record<string, unknown>;
    const field = str(o.field) ?? "grade";
    if (field !== "grade" && field !== "stage") return [];
    return [{ field, from: str(o.from) ?? "", to: str(o.to) ?? "", reason: str(o.reason) }];
  });
}

/** The alert's from → to (grade and stage), direction and reasons, from its payload and the lead now. */
export function alertMove(
  payload: Record<string, unknown>,
  lead: { grade: string; stage: string },
): Omit<ThresholdAlertVM, "lead"> {
  const moves = movesOf(payload);
  const grade = moves.find((m) => m.field === "grade");
  const stage = moves.find((m) => m.field === "stage");
  const first = grade ?? stage;
  const fromLevel = first?.from ?? "";
  const toLevel = first?.to || (first?.field === "stage" ? lead.stage : lead.grade);
  const direction = (RANK[toLevel] ?? 0) >= (RANK[fromLevel] ?? 0) ? "up" : "down";
  const gradeFrom = grade ? grade.from || "—" : lead.grade;
  const gradeTo = grade ? grade.to || lead.grade : lead.grade;
  const reasons = [...new Set(moves.map((m) => m.reason).filter((r): r is string => r !== null))];
  return {
    direction,
    from: { grade: gradeFrom, stage: stage ? stage.from || null : null },
    to: { grade: gradeTo, stage: stage ? stage.to || lead.stage : null },
    reason: reasons.join("; ") || "score change",
  };
}

/** The alert's crossings with their direction (for a summary's count). */
export function alertCrossingsOf(payload: Record<string, unknown>): AlertCrossing[] {
  return movesOf(payload).map((m) => ({
    field: m.field as AlertCrossing["field"],
    from: m.from,
    to: m.to,
    direction: (RANK[m.to] ?? 0) >= (RANK[m.from] ?? 0) ? "up" : "down",
    reason: m.reason ?? "",
  }));
}
