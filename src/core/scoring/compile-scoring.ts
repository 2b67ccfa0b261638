// Turns the `scoring` section into a scorer once, so scoring a lead only runs precompiled
// predicates over its facts: no path splitting, regex building or rule lookup per call.
//
// Determinism: events are deduplicated by id and ordered by (occurredAt, id, type) before
// anything is summed, so the same lead + events + rules + now always give the same numbers,
// whatever order the events arrived in.
import { type CompiledCondition, compileCondition, type Facts } from "../rules/conditions.ts";
import type { Decay, ScoringConfig } from "./config.ts";
import { decayPoints } from "./decay-points.ts";
import { gradeScore } from "./grade-score.ts";
import { roundPoints } from "./round-points.ts";
import type { EventFacts, QualificationFacts, ReceiptEntry, ScoreInput, ScoreResult } from "./types.ts";

const DAY_MS = 86_400_000;

interface FitRuleC {
  id: string;
  points: number;
  test: CompiledCondition;
}

interface EventRuleC {
  /** Position in the per-call counters. */
  slot: number;
  id: string;
  points: number;
  test: CompiledCondition | undefined;
  maxCount: number;
  decay: Decay;
}

interface AbsenceRuleC {
  id: string;
  points: number;
  types: ReadonlySet<string>;
  test: CompiledCondition | undefined;
  quietMs: number;
}

export interface Scorer {
  /** Scores a lead with the full receipt. */
  score(input: ScoreInput): ScoreResult;
  /** The same numbers without building a receipt: for bulk rescoring and `leadops simulate --quick`. */
  scoreTotals(input: ScoreInput): Omit<ScoreResult, "receipt">;
  /** Rule evaluations the last call performed (conditions checked), for the benchmark. */
  readonly evaluations: number;
}

function compareEvents(a: EventFacts, b: EventFacts): number {
  const t = a.occurredAt.getTime() - b.occurredAt.getTime();
  if (t !== 0) return t;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

/** Unique events in canonical order; a repeated id keeps the first in that order. */
function canonicalEvents(events: readonly EventFacts[]): readonly EventFacts[] {
  const sorted = events.slice().sort(compareEvents);
  if (sorted.length < 2) return sorted;
  const seen = new Set<string>();
  let write = 0;
  for (const e of sorted) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    sorted[write++] = e;
  }
  sorted.length = write;
  return sorted;
}

/** The latest submission per framework: a rep re-qualifying a lead replaces the earlier answers. */
function latestQualifications(qualifications: readonly QualificationFacts[]): QualificationFacts[] {
  const latest = new Map<string, QualificationFacts>();
  for (const q of qualifications) {
    const prev = latest.get(q.framework);
    if (
      !prev ||
      q.at.getTime() > prev.at.getTime() ||
      (q.at.getTime() === prev.at.getTime() && q.id > prev.id)
    ) {
      latest.set(q.framework, q);
    }
  }
  return [...latest.values()].sort((a, b) => (a.framework < b.framework ? -1 : 1));
}

/** The scoring section compiled once, with scratch arrays reused across calls (scoring is synchronous). */
interface Compiled {
  fitRules: FitRuleC[];
  byType: Map<string, EventRuleC[]>;
  absence: AbsenceRuleC[];
  caps: ScoringConfig["caps"];
  thresholds: ScoringConfig["thresholds"];
  counts: Int32Array;
  lastSeen: Float64Array;
  evaluations: number;
}

export function compileScoring(config: ScoringConfig): Scorer {
  const c = compileRules(config);
  return {
    score(input) {
      const receipt: ReceiptEntry[] = [];
      return { ...run(c, input, receipt), receipt };
    },
    scoreTotals(input) {
      return run(c, input, null);
    },
    get evaluations() {
      return c.evaluations;
    },
  };
}

function compileRules(config: ScoringConfig): Compiled {
  const fitRules: FitRuleC[] = config.fit.map((r) => ({
    id: r.id,
    points: r.points,
    test: compileCondition(r.when),
  }));
  const byType = new Map<string, EventRuleC[]>();
  const absence: AbsenceRuleC[] = [];
  let slots = 0;
  for (const r of config.engagement) {
    const test = r.when ? compileCondition(r.when) : undefined;
    if (r.match === "absence") {
      absence.push({
        id: r.id,
        points: r.points,
        types: new Set(r.events),
        test,
        quietMs: (r.days ?? 0) * DAY_MS,
      });
      continue;
    }
    const rule: EventRuleC = {
      slot: slots++,
      id: r.id,
      points: r.points,
      test,
      maxCount: r.maxCount ?? Number.POSITIVE_INFINITY,
      decay: r.decay ?? (r.points > 0 ? config.decay : { kind: "none" }),
    };
    for (const type of new Set(r.events)) {
      const list = byType.get(type) ?? [];
      list.push(rule);
      byType.set(type, list);
    }
  }
  return {
    fitRules,
    byType,
    absence,
    caps: config.caps,
    thresholds: config.thresholds,
    counts: new Int32Array(slots),
    lastSeen: new Float64Array(absence.length),
    evaluations: 0,
  };
}

function run(c: Compiled, input: ScoreInput, receipt: ReceiptEntry[] | null): Omit<ScoreResult, "receipt"> {
  const { now } = input;
  c.evaluations = 0;
  const fit = applyCap(scoreFit(c, input, receipt), c.caps.fit, "fit", now, receipt);
  const events = canonicalEvents(input.events);
  let engagement = scoreEvents(c, events, now, receipt);
  engagement += scoreAbsence(c, input, events, receipt);
  engagement = applyCap(engagement, c.caps.engagement, "engagement", now, receipt);
  const fitR = roundPoints(fit);
  const engagementR = roundPoints(engagement);
  const total = roundPoints(fitR + engagementR);
  return { fit: fitR, engagement: engagementR, total, grade: gradeScore(total, c.thresholds) };
}

function scoreFit(c: Compiled, input: ScoreInput, receipt: ReceiptEntry[] | null): number {
  const { now } = input;
  const facts = input.lead as Facts;
  let fit = 0;
  for (const rule of c.fitRules) {
    c.evaluations++;
    if (!rule.test(facts)) continue;
    fit += rule.points;
    receipt?.push({
      rule: rule.id,
      kind: "fit",
      points: rule.points,
      currentPoints: rule.points,
      eventId: null,
      at: now,
    });
  }
  if (input.qualifications && input.qualifications.length > 0) {
    for (const q of latestQualifications(input.qualifications)) {
      fit += q.points;
      receipt?.push({
        rule: `qualification:${q.framework}`,
        kind: "fit",
        points: q.points,
        currentPoints: roundPoints(q.points),
        eventId: null,
        at: q.at,
      });
    }
  }
  return fit;
}

/** Event rules, newest event first, so a per-rule cap keeps the most recent (most valuable) events. */
function scoreEvents(
  c: Compiled,
  events: readonly EventFacts[],
  now: Date,
  receipt: ReceiptEntry[] | null,
): number {
  const { counts, lastSeen, absence, byType } = c;
  const nowMs = now.getTime();
  counts.fill(0);
  lastSeen.fill(Number.NEGATIVE_INFINITY);
  let engagement = 0;
  const firstEngagement = receipt ? receipt.length : 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as EventFacts;
    const at = event.occurredAt.getTime();
    for (let a = 0; a < absence.length; a++) {
      const rule = absence[a] as AbsenceRuleC;
      if ((lastSeen[a] as number) >= at || !rule.types.has(event.type)) continue;
      c.evaluations++;
      if (!rule.test || rule.test(event as unknown as Facts)) lastSeen[a] = at;
    }
    const rules = byType.get(event.type);
    if (rules === undefined) continue;
    for (const rule of rules) {
      if ((counts[rule.slot] as number) >= rule.maxCount) continue;
      c.evaluations++;
      if (rule.test && !rule.test(event as unknown as Facts)) continue;
      counts[rule.slot] = (counts[rule.slot] as number) + 1;
      const current = decayPoints(rule.points, rule.decay, nowMs - at);
      const rounded = roundPoints(current);
      if (rounded === 0) continue;
      engagement += current;
      receipt?.push({
        rule: rule.id,
        kind: "engagement",
        points: rule.points,
        currentPoints: rounded,
        eventId: event.id,
        at: event.occurredAt,
      });
    }
  }
  if (receipt) reverseFrom(receipt, firstEngagement);
  return engagement;
}

/** Absence rules ("no email opened in 30 days"), from the last matching event scoreEvents saw. */
function scoreAbsence(
  c: Compiled,
  input: ScoreInput,
  events: readonly EventFacts[],
  receipt: ReceiptEntry[] | null,
): number {
  if (c.absence.length === 0) return 0;
  const nowMs = input.now.getTime();
  const createdMs = input.lead.createdAt ? input.lead.createdAt.getTime() : events[0]?.occurredAt.getTime();
  let engagement = 0;
  for (let a = 0; a < c.absence.length; a++) {
    const rule = c.absence[a] as AbsenceRuleC;
    const seen = c.lastSeen[a] as number;
    const since = Math.max(seen, createdMs ?? Number.NEGATIVE_INFINITY);
    if (!Number.isFinite(since) || nowMs - since < rule.quietMs) continue;
    engagement += rule.points;
    receipt?.push({
      rule: rule.id,
      kind: "engagement",
      points: rule.points,
      currentPoints: rule.points,
      eventId: null,
      at: new Date(since + rule.quietMs),
    });
  }
  return engagement;
}

/** Clamps a score to its caps; the clamp is itself a receipt line so the receipt adds up. */
function applyCap(
  value: number,
  cap: { max?: number | null | undefined; min?: number | null | undefined },
  kind: "fit" | "engagement",
  now: Date,
  receipt: ReceiptEntry[] | null,
): number {
  let bound: number | undefined;
  let which = "";
  if (cap.max != null && value > cap.max) {
    bound = cap.max;
    which = "max";
  } else if (cap.min != null && value < cap.min) {
    bound = cap.min;
    which = "min";
  }
  if (bound === undefined) return value;
  const adjust = roundPoints(bound - value);
  receipt?.push({
    rule: `cap:${kind}.${which}`,
    kind,
    points: adjust,
    currentPoints: adjust,
    eventId: null,
    at: now,
  });
  return bound;
}

function reverseFrom(list: ReceiptEntry[], start: number): void {
  for (let i = start, j = list.length - 1; i < j; i++, j--) {
    const tmp = list[i] as ReceiptEntry;
    list[i] = list[j] as ReceiptEntry;
    list[j] = tmp;
  }
}
