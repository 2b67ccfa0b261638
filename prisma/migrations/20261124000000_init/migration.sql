-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Lead" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "externalId" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "name" TEXT,
    "phone" TEXT,
    "company" TEXT,
    "domain" TEXT,
    "website" TEXT,
    "title" TEXT,
    "seniority" TEXT,
    "industry" TEXT,
    "companySize" INTEGER,
    "annualRevenue" DOUBLE PRECISION,
    "country" TEXT,
    "region" TEXT,
    "city" TEXT,
    "timezone" TEXT,
    "source" TEXT,
    "campaign" TEXT,
    "leadMagnet" TEXT,
    "funnelStage" TEXT,
    "interests" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "consent" BOOLEAN,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "stage" TEXT NOT NULL DEFAULT 'lead',
    "isIql" BOOLEAN NOT NULL DEFAULT false,
    "grade" TEXT NOT NULL DEFAULT 'cold',
    "fitScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "engagementScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "totalScore" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "rulesVersion" TEXT,
    "ownerSlackId" TEXT,
    "nurtureReason" TEXT,
    "lostReason" TEXT,
    "slackChannel" TEXT,
    "slackTs" TEXT,
    "postedAt" TIMESTAMP(3),
    "claimDeadlineAt" TIMESTAMP(3),
    "occurredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "lastActivityAt" TIMESTAMP(3),
    "mqlAt" TIMESTAMP(3),
    "sqlAt" TIMESTAMP(3),
    "assignedAt" TIMESTAMP(3),
    "claimedAt" TIMESTAMP(3),
    "firstResponseAt" TIMESTAMP(3),
    "contactedAt" TIMESTAMP(3),
    "qualifiedAt" TIMESTAMP(3),
    "convertedAt" TIMESTAMP(3),
    "lostAt" TIMESTAMP(3),
    "nurturedAt" TIMESTAMP(3),
    "forgottenAt" TIMESTAMP(3),

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeadEvent" (
    "id" UUID NOT NULL,
    "externalId" TEXT,
    "leadId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "source" TEXT,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeadEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoreEntry" (
    "id" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "rule" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "points" DOUBLE PRECISION NOT NULL,
    "currentPoints" DOUBLE PRECISION NOT NULL,
    "eventId" UUID,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScoreEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Segment" (
    "name" TEXT NOT NULL,
    "kind" TEXT,
    "description" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "SegmentMembership" (
    "id" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "segment" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leftAt" TIMESTAMP(3),

    CONSTRAINT "SegmentMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeadTransition" (
    "id" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "field" TEXT NOT NULL,
    "from" TEXT,
    "to" TEXT NOT NULL,
    "reason" TEXT,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeadTransition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rep" (
    "slackId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "capacity" INTEGER,
    "industries" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "regions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "seniority" TEXT,
    "timezone" TEXT,
    "workingHours" JSONB,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "awayUntil" TIMESTAMP(3),
    "away" BOOLEAN NOT NULL DEFAULT false,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "pausedReason" TEXT,
    "missedClaims" INTEGER NOT NULL DEFAULT 0,
    "slaBreaches" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rep_pkey" PRIMARY KEY ("slackId")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "repSlackId" TEXT,
    "method" TEXT NOT NULL,
    "route" TEXT,
    "rule" TEXT,
    "pool" TEXT,
    "reason" JSONB NOT NULL DEFAULT '{}',
    "byUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "slaDueAt" TIMESTAMP(3),
    "nudgedAt" TIMESTAMP(3),
    "breachedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Qualification" (
    "id" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "framework" TEXT NOT NULL,
    "answers" JSONB NOT NULL,
    "notes" TEXT,
    "points" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "qualified" BOOLEAN NOT NULL DEFAULT false,
    "byUserId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Qualification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outcome" (
    "id" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" DECIMAL(14,2),
    "currency" TEXT,
    "reason" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "byUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dispute" (
    "id" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "repSlackId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourceInput" (
    "id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "spend" DECIMAL(14,2),
    "currency" TEXT,
    "visitors" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SourceInput_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutingCursor" (
    "pool" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "state" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoutingCursor_pkey" PRIMARY KEY ("pool")
);

-- CreateTable
CREATE TABLE "FairnessLedger" (
    "pool" TEXT NOT NULL,
    "repSlackId" TEXT NOT NULL,
    "assigned" INTEGER NOT NULL DEFAULT 0,
    "credits" INTEGER NOT NULL DEFAULT 0,
    "lastAssignedAt" TIMESTAMP(3),

    CONSTRAINT "FairnessLedger_pkey" PRIMARY KEY ("pool","repSlackId")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "channel" TEXT,
    "leadId" UUID,
    "payload" JSONB NOT NULL,
    "dedupeKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT,
    "data" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppState" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppState_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Lead_email_key" ON "Lead"("email");

-- CreateIndex
CREATE INDEX "Lead_stage_createdAt_idx" ON "Lead"("stage", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_ownerSlackId_stage_idx" ON "Lead"("ownerSlackId", "stage");

-- CreateIndex
CREATE INDEX "Lead_source_createdAt_idx" ON "Lead"("source", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_createdAt_idx" ON "Lead"("createdAt");

-- CreateIndex
CREATE INDEX "Lead_domain_idx" ON "Lead"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "LeadEvent_externalId_key" ON "LeadEvent"("externalId");

-- CreateIndex
CREATE INDEX "LeadEvent_leadId_occurredAt_idx" ON "LeadEvent"("leadId", "occurredAt");

-- CreateIndex
CREATE INDEX "LeadEvent_type_occurredAt_idx" ON "LeadEvent"("type", "occurredAt");

-- CreateIndex
CREATE INDEX "ScoreEntry_leadId_idx" ON "ScoreEntry"("leadId");

-- CreateIndex
CREATE INDEX "SegmentMembership_leadId_segment_idx" ON "SegmentMembership"("leadId", "segment");

-- CreateIndex
CREATE INDEX "SegmentMembership_segment_leftAt_idx" ON "SegmentMembership"("segment", "leftAt");

-- CreateIndex
CREATE INDEX "LeadTransition_leadId_at_idx" ON "LeadTransition"("leadId", "at");

-- CreateIndex
CREATE INDEX "LeadTransition_field_to_at_idx" ON "LeadTransition"("field", "to", "at");

-- CreateIndex
CREATE INDEX "Assignment_leadId_createdAt_idx" ON "Assignment"("leadId", "createdAt");

-- CreateIndex
CREATE INDEX "Assignment_repSlackId_createdAt_idx" ON "Assignment"("repSlackId", "createdAt");

-- CreateIndex
CREATE INDEX "Assignment_endedAt_slaDueAt_idx" ON "Assignment"("endedAt", "slaDueAt");

-- CreateIndex
CREATE INDEX "Qualification_leadId_idx" ON "Qualification"("leadId");

-- CreateIndex
CREATE INDEX "Outcome_kind_occurredAt_idx" ON "Outcome"("kind", "occurredAt");

-- CreateIndex
CREATE INDEX "Outcome_leadId_idx" ON "Outcome"("leadId");

-- CreateIndex
CREATE INDEX "Dispute_status_idx" ON "Dispute"("status");

-- CreateIndex
CREATE UNIQUE INDEX "SourceInput_source_periodStart_periodEnd_key" ON "SourceInput"("source", "periodStart", "periodEnd");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_dedupeKey_key" ON "OutboxMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_channel_status_idx" ON "OutboxMessage"("channel", "status");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- AddForeignKey
ALTER TABLE "LeadEvent" ADD CONSTRAINT "LeadEvent_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreEntry" ADD CONSTRAINT "ScoreEntry_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentMembership" ADD CONSTRAINT "SegmentMembership_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeadTransition" ADD CONSTRAINT "LeadTransition_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Qualification" ADD CONSTRAINT "Qualification_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

