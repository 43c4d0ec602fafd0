-- CreateTable
CREATE TABLE "SandboxPayment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "paymentId" TEXT NOT NULL,
    "debtorAccountId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "status" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "creditorName" TEXT NOT NULL,
    "creditorIban" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "endToEndId" TEXT,
    "requestedExecutionDate" TEXT,
    "transactionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SandboxPayment_debtorAccountId_fkey" FOREIGN KEY ("debtorAccountId") REFERENCES "SandboxAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SandboxPayment_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "SandboxTransaction" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SandboxTransaction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "bookedAt" DATETIME NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "counterparty" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'booked',
    CONSTRAINT "SandboxTransaction_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "SandboxAccount" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SandboxTransaction" ("accountId", "amountMinor", "bookedAt", "counterparty", "currency", "description", "id") SELECT "accountId", "amountMinor", "bookedAt", "counterparty", "currency", "description", "id" FROM "SandboxTransaction";
DROP TABLE "SandboxTransaction";
ALTER TABLE "new_SandboxTransaction" RENAME TO "SandboxTransaction";
CREATE INDEX "SandboxTransaction_accountId_bookedAt_idx" ON "SandboxTransaction"("accountId", "bookedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "SandboxPayment_paymentId_key" ON "SandboxPayment"("paymentId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxPayment_transactionId_key" ON "SandboxPayment"("transactionId");

-- CreateIndex
CREATE INDEX "SandboxPayment_debtorAccountId_createdAt_idx" ON "SandboxPayment"("debtorAccountId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxPayment_appId_idempotencyKey_key" ON "SandboxPayment"("appId", "idempotencyKey");

