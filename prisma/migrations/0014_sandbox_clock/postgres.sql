-- CreateEnum
CREATE TYPE "SandboxStandingOrderFrequency" AS ENUM ('daily', 'weekly', 'monthly');

-- AlterTable
ALTER TABLE "SandboxPayment" ADD COLUMN     "dueAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SandboxClock" (
    "organisationId" TEXT NOT NULL,
    "offsetSeconds" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SandboxClock_pkey" PRIMARY KEY ("organisationId")
);

-- CreateTable
CREATE TABLE "SandboxStandingOrder" (
    "id" TEXT NOT NULL,
    "standingOrderId" TEXT NOT NULL,
    "debtorAccountId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "creditorName" TEXT NOT NULL,
    "creditorIban" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "frequency" "SandboxStandingOrderFrequency" NOT NULL,
    "firstDueAt" TIMESTAMP(3) NOT NULL,
    "nextDueAt" TIMESTAMP(3) NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxStandingOrder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxStandingOrder_standingOrderId_key" ON "SandboxStandingOrder"("standingOrderId");

-- CreateIndex
CREATE INDEX "SandboxStandingOrder_nextDueAt_idx" ON "SandboxStandingOrder"("nextDueAt");

-- CreateIndex
CREATE INDEX "SandboxPayment_status_dueAt_idx" ON "SandboxPayment"("status", "dueAt");

-- AddForeignKey
ALTER TABLE "SandboxClock" ADD CONSTRAINT "SandboxClock_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxStandingOrder" ADD CONSTRAINT "SandboxStandingOrder_debtorAccountId_fkey" FOREIGN KEY ("debtorAccountId") REFERENCES "SandboxAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

