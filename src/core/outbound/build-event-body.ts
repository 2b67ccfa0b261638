// The body of an outbound webhook, as receivers see it (README, Integrations).

export interface LeadCard {
  id: string;
  email: string;
  name: string | null;
  company: string | null;
  title: string | null;
  source: string | null;
  score: { fit: number; engagement: number; total: number };
  grade: string;
  stage: string;
  /** The owner's Slack user id. */
  owner: string | null;
  segments: string[];
}

export interface EventBody {
  id: string;
  type: string;
  occurredAt: string;
  /** The lead as it is when the event is sent (null once its data was erased). */
  lead: LeadCard | null;
  data: unknown;
}

export function buildEventBody(input: {
  eventId: string;
  type: string;
  occurredAt: Date;
  lead: LeadCard | null;
  data: unknown;
}): EventBody {
  return {
    id: input.eventId,
    type: input.type,
    occurredAt: input.occurredAt.toISOString(),
    lead: input.lead,
    data: input.data,
  };
}

/** What a subscription's `when` is checked against: the lead card and the event type. */
export function whenFacts(body: EventBody): Record<string, unknown> {
  return { ...(body.lead ?? {}), type: body.type };
}
