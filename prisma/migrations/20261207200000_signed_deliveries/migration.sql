-- Each signed delivery is accepted once: a replay inside the signature's time window is answered
-- from here instead of being counted again.

-- CreateTable
CREATE TABLE "SignedDelivery" (
    "key" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "leadId" UUID,

    CONSTRAINT "SignedDelivery_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SignedDelivery_receivedAt_idx" ON "SignedDelivery"("receivedAt");
