-- CreateEnum
CREATE TYPE "SandboxTransactionStatus" AS ENUM ('booked', 'pending');

-- CreateEnum
CREATE TYPE "SandboxPaymentStatus" AS ENUM ('pending', 'completed', 'rejected', 'cancelled');

-- AlterTable
ALTER TABLE "SandboxTransaction" ADD COLUMN     "status" "SandboxTransactionStatus" NOT NULL DEFAULT 'booked';

-- CreateTable
CREATE TABLE "SandboxPayment" (
    "id" TEXT NOT NULL,
    "paymentId" TEXT NOT NULL,
    "debtorAccountId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "status" "SandboxPaymentStatus" NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "creditorName" TEXT NOT NULL,
    "creditorIban" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "endToEndId" TEXT,
    "requestedExecutionDate" TEXT,
    "transactionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SandboxPayment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxPayment_paymentId_key" ON "SandboxPayment"("paymentId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxPayment_transactionId_key" ON "SandboxPayment"("transactionId");

-- CreateIndex
CREATE INDEX "SandboxPayment_debtorAccountId_createdAt_idx" ON "SandboxPayment"("debtorAccountId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxPayment_appId_idempotencyKey_key" ON "SandboxPayment"("appId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "SandboxPayment" ADD CONSTRAINT "SandboxPayment_debtorAccountId_fkey" FOREIGN KEY ("debtorAccountId") REFERENCES "SandboxAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxPayment" ADD CONSTRAINT "SandboxPayment_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "SandboxTransaction"("id") ON DELETE SET NULL ON UPDATE CASCADE;

