-- CreateTable
CREATE TABLE "RequestRollupStatus" (
    "grain" TEXT NOT NULL,
    "start" DATETIME NOT NULL,
    "appId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "apiSlug" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "calls" INTEGER NOT NULL,

    PRIMARY KEY ("appId", "grain", "start", "apiSlug", "apiVersion", "operationId", "status")
);

-- CreateTable
CREATE TABLE "SiemOutbox" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "payload" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "SiemDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT,
    "leaseUntil" DATETIME,
    "delivered" BIGINT NOT NULL DEFAULT 0,
    "lastDeliveredAt" DATETIME,
    "lastAttemptAt" DATETIME,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "failures" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "RequestRollupStatus_organisationId_grain_start_idx" ON "RequestRollupStatus"("organisationId", "grain", "start");

-- CreateIndex
CREATE INDEX "RequestRollupStatus_grain_start_idx" ON "RequestRollupStatus"("grain", "start");

-- CreateIndex
CREATE UNIQUE INDEX "SiemOutbox_eventId_key" ON "SiemOutbox"("eventId");

