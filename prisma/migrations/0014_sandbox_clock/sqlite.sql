-- AlterTable
ALTER TABLE "SandboxPayment" ADD COLUMN "dueAt" DATETIME;

-- CreateTable
CREATE TABLE "SandboxClock" (
    "organisationId" TEXT NOT NULL PRIMARY KEY,
    "offsetSeconds" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SandboxClock_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SandboxStandingOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "standingOrderId" TEXT NOT NULL,
    "debtorAccountId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "creditorName" TEXT NOT NULL,
    "creditorIban" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "frequency" TEXT NOT NULL,
    "firstDueAt" DATETIME NOT NULL,
    "nextDueAt" DATETIME NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SandboxStandingOrder_debtorAccountId_fkey" FOREIGN KEY ("debtorAccountId") REFERENCES "SandboxAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxStandingOrder_standingOrderId_key" ON "SandboxStandingOrder"("standingOrderId");

-- CreateIndex
CREATE INDEX "SandboxStandingOrder_nextDueAt_idx" ON "SandboxStandingOrder"("nextDueAt");

-- CreateIndex
CREATE INDEX "SandboxPayment_status_dueAt_idx" ON "SandboxPayment"("status", "dueAt");

