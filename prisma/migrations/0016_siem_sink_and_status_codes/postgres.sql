-- CreateTable
CREATE TABLE "RequestRollupStatus" (
    "grain" TEXT NOT NULL,
    "start" TIMESTAMP(3) NOT NULL,
    "appId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "apiSlug" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "calls" INTEGER NOT NULL,

    CONSTRAINT "RequestRollupStatus_pkey" PRIMARY KEY ("appId","grain","start","apiSlug","apiVersion","operationId","status")
);

-- CreateTable
CREATE TABLE "SiemOutbox" (
    "seq" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "payload" TEXT NOT NULL,

    CONSTRAINT "SiemOutbox_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "SiemDelivery" (
    "id" TEXT NOT NULL,
    "holder" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "delivered" BIGINT NOT NULL DEFAULT 0,
    "lastDeliveredAt" TIMESTAMP(3),
    "lastAttemptAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "failures" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SiemDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RequestRollupStatus_organisationId_grain_start_idx" ON "RequestRollupStatus"("organisationId", "grain", "start");

-- CreateIndex
CREATE INDEX "RequestRollupStatus_grain_start_idx" ON "RequestRollupStatus"("grain", "start");

-- CreateIndex
CREATE UNIQUE INDEX "SiemOutbox_eventId_key" ON "SiemOutbox"("eventId");

