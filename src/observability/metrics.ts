// Prometheus metrics. One registry per process; modules add their counters here.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpRequests = new Counter({
  name: "leadops_http_requests_total",
  help: "HTTP requests by route and status",
  labelNames: ["route", "method", "status"] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: "leadops_http_request_duration_seconds",
  help: "HTTP request duration",
  labelNames: ["route"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const leadsCaptured = new Counter({
  name: "leadops_leads_captured_total",
  help: "Leads created or updated by intake",
  labelNames: ["source", "result"] as const,
  registers: [registry],
});

export const eventsRecorded = new Counter({
  name: "leadops_events_recorded_total",
  help: "Behaviour events recorded (duplicates counted separately)",
  labelNames: ["type", "result"] as const,
  registers: [registry],
});

export const slackDeliveries = new Counter({
  name: "leadops_slack_deliveries_total",
  help: "Outbox deliveries to Slack by result",
  labelNames: ["kind", "result"] as const,
  registers: [registry],
});

/** How a lead came to a rep; counted once the assignment has committed. */
export type AssignmentHow = "claim" | "routing" | "claim_expired" | "sla_reroute" | "manual";

// From the notice's commit to its delivery (sent, or found already in Slack): the outbox's share
// of speed to lead, per kind, so a team sees how long a hot post waited for its channel.
export const outboxWait = new Histogram({
  name: "leadops_outbox_wait_seconds",
  help: "Time from a notice being queued to its delivery to Slack, by kind",
  labelNames: ["kind"] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800],
  registers: [registry],
});

export const assignmentsMade = new Counter({
  name: "leadops_assignments_total",
  help: "Leads given to a rep, by how: claim, routing, claim_expired, sla_reroute, manual (a manager)",
  labelNames: ["how"] as const,
  registers: [registry],
});

export const outboxBacklog = new Gauge({
  name: "leadops_outbox_backlog",
  help: "Outbox rows not yet delivered to Slack (pending or sending), read at scrape time",
  registers: [registry],
});

export const outboxOldestAge = new Gauge({
  name: "leadops_outbox_oldest_pending_age_seconds",
  help: "Age of the oldest undelivered outbox row (0 when none), read at scrape time",
  registers: [registry],
});

export const jobLastSuccess = new Gauge({
  name: "leadops_job_last_success_timestamp_seconds",
  help: "Unix time of the last tick of each job that finished without error in this process",
  labelNames: ["job"] as const,
  registers: [registry],
});

// Outbound webhooks (docs/decisions/0012).
export const outboundDeliveries = new Counter({
  name: "leadops_outbound_deliveries_total",
  help: "Outbound webhook tries by subscription and result: delivered, retried, dead, skipped",
  labelNames: ["subscription", "result"] as const,
  registers: [registry],
});

export const outboundBacklog = new Gauge({
  name: "leadops_outbound_backlog",
  help: "Outbound webhook rows by subscription and status (pending, sending, dead), as of the worker's last pass",
  labelNames: ["subscription", "status"] as const,
  registers: [registry],
});
