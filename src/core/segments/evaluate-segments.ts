// Which named segments a lead is in. Segments are compiled once per config (cached), then each
// evaluation only runs precompiled predicates.

import type { LeadFacts } from "../leads/lead-facts.ts";
import { type CompiledCondition, compileCondition, type Facts } from "../rules/conditions.ts";
import type { EventFacts } from "../scoring/types.ts";
import type { EventCondition, SegmentCondition, SegmentsConfig } from "./config.ts";

const DAY_MS = 86_400_000;

interface Context {
  lead: Facts;
  events: readonly EventFacts[];
  nowMs: number;
}
type Predicate = (ctx: Context) => boolean;

function compileSegmentCondition(c: SegmentCondition): Predicate {
  if ("all" in c) {
    const parts = c.all.map(compileSegmentCondition);
    return (ctx) => parts.every((p) => p(ctx));
  }
  if ("any" in c) {
    const parts = c.any.map(compileSegmentCondition);
    return (ctx) => parts.some((p) => p(ctx));
  }
  if ("not" in c) {
    const inner = compileSegmentCondition(c.not);
    return (ctx) => !inner(ctx);
  }
  if ("event" in c) return compileEventCondition(c);
  const test = compileCondition(c);
  return (ctx) => test(ctx.lead);
}

function compileEventCondition(c: EventCondition): Predicate {
  const types = new Set(c.event);
  const where: CompiledCondition | undefined = c.where ? compileCondition(c.where) : undefined;
  const windowMs = c.withinDays === undefined ? Number.POSITIVE_INFINITY : c.withinDays * DAY_MS;
  const atMost = c.atMost ?? Number.POSITIVE_INFINITY;
  return ({ events, nowMs }) => {
    let n = 0;
    for (const e of events) {
      if (!types.has(e.type) || nowMs - e.occurredAt.getTime() > windowMs) continue;
      if (where && !where(e as unknown as Facts)) continue;
      n++;
      // Past atMost the answer cannot change back, and atLeast alone needs no more counting.
      if (n > atMost) return false;
      if (n >= c.atLeast && atMost === Number.POSITIVE_INFINITY) return true;
    }
    return n >= c.atLeast;
  };
}

/** A repeated event id counts once; of two differing copies the earlier one wins. */
function uniqueEvents(events: readonly EventFacts[]): readonly EventFacts[] {
  if (events.length < 2) return events;
  const byId = new Map<string, EventFacts>();
  for (const e of events) {
    const prev = byId.get(e.id);
    if (
      !prev ||
      e.occurredAt.getTime() < prev.occurredAt.getTime() ||
      (e.occurredAt.getTime() === prev.occurredAt.getTime() && e.type < prev.type)
    ) {
      byId.set(e.id, e);
    }
  }
  return byId.size === events.length ? events : [...byId.values()];
}

const compiled = new WeakMap<SegmentsConfig, { name: string; test: Predicate }[]>();

function compileSegments(config: SegmentsConfig): { name: string; test: Predicate }[] {
  let list = compiled.get(config);
  if (!list) {
    list = config.map((s) => ({ name: s.name, test: compileSegmentCondition(s.when) }));
    compiled.set(config, list);
  }
  return list;
}

/** The names of the segments the lead is in at `now`, in the order the rules file lists them. */
export function evaluateSegments(options: {
  lead: LeadFacts;
  events: readonly EventFacts[];
  config: SegmentsConfig;
  now: Date;
}): string[] {
  const ctx: Context = {
    lead: options.lead as Facts,
    events: uniqueEvents(options.events),
    nowMs: options.now.getTime(),
  };
  const names: string[] = [];
  for (const segment of compileSegments(options.config)) if (segment.test(ctx)) names.push(segment.name);
  return names;
}
