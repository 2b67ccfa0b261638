-- Signed outbound webhooks (docs/decisions/0012): the durable outbox of outside deliveries.

-- CreateTable
CREATE TABLE "OutboundDelivery" (
    "seq" SERIAL NOT NULL,
    "eventId" UUID NOT NULL,
    "subscription" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "leadId" UUID,
    "data" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "queuedAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "OutboundDelivery_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "OutboundDelivery_status_nextAttemptAt_idx" ON "OutboundDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboundDelivery_leadId_subscription_seq_idx" ON "OutboundDelivery"("leadId", "subscription", "seq");

-- CreateIndex
CREATE INDEX "OutboundDelivery_occurredAt_idx" ON "OutboundDelivery"("occurredAt");

