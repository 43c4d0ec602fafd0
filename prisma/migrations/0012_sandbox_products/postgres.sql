-- CreateEnum
CREATE TYPE "SandboxCardStatus" AS ENUM ('active', 'frozen', 'cancelled', 'expired');

-- CreateEnum
CREATE TYPE "SandboxApplicationStatus" AS ENUM ('draft', 'in_review', 'approved', 'referred', 'declined');

-- CreateTable
CREATE TABLE "SandboxCard" (
    "id" TEXT NOT NULL,
    "cardId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "cardholderName" TEXT NOT NULL,
    "panLastFour" TEXT NOT NULL,
    "scheme" TEXT NOT NULL,
    "status" "SandboxCardStatus" NOT NULL DEFAULT 'active',
    "expiryMonth" INTEGER NOT NULL,
    "expiryYear" INTEGER NOT NULL,
    "dailyPurchaseMinor" INTEGER NOT NULL,
    "dailyCashWithdrawalMinor" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SandboxCard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxFxRate" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "midMicros" INTEGER NOT NULL,
    "spreadBps" INTEGER NOT NULL,

    CONSTRAINT "SandboxFxRate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxFxQuote" (
    "id" TEXT NOT NULL,
    "quoteId" TEXT NOT NULL,
    "sourceAccountId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "sellCurrency" TEXT NOT NULL,
    "buyCurrency" TEXT NOT NULL,
    "sellAmountMinor" INTEGER NOT NULL,
    "buyAmountMinor" INTEGER NOT NULL,
    "rateMicros" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxFxQuote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxApplication" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "dateOfBirth" TEXT NOT NULL,
    "nationality" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "mobileNumber" TEXT,
    "addressLine1" TEXT NOT NULL,
    "addressLine2" TEXT,
    "city" TEXT NOT NULL,
    "postcode" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "productCode" TEXT NOT NULL,
    "status" "SandboxApplicationStatus" NOT NULL DEFAULT 'draft',
    "decision" "SandboxApplicationStatus",
    "identityCheck" TEXT,
    "addressCheck" TEXT,
    "sanctionsCheck" TEXT,
    "pepCheck" TEXT,
    "submittedAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "openedAccountId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxApplicationDocument" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "documentType" TEXT NOT NULL,
    "issuingCountry" TEXT NOT NULL,
    "documentNumber" TEXT,
    "expiryDate" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxApplicationDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxCreditCheck" (
    "id" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "salaryAccountId" TEXT,
    "product" TEXT NOT NULL,
    "requestedMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "termMonths" INTEGER NOT NULL,
    "incomeMinor" INTEGER NOT NULL,
    "consentReference" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "indicativeApr" TEXT,
    "maximumMinor" INTEGER,
    "reasons" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxCreditCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxCard_cardId_key" ON "SandboxCard"("cardId");

-- CreateIndex
CREATE INDEX "SandboxCard_accountId_idx" ON "SandboxCard"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxFxRate_organisationId_currency_key" ON "SandboxFxRate"("organisationId", "currency");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxFxQuote_quoteId_key" ON "SandboxFxQuote"("quoteId");

-- CreateIndex
CREATE INDEX "SandboxFxQuote_sourceAccountId_idx" ON "SandboxFxQuote"("sourceAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxApplication_applicationId_key" ON "SandboxApplication"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxApplication_openedAccountId_key" ON "SandboxApplication"("openedAccountId");

-- CreateIndex
CREATE INDEX "SandboxApplication_organisationId_appId_idx" ON "SandboxApplication"("organisationId", "appId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxApplicationDocument_documentId_key" ON "SandboxApplicationDocument"("documentId");

-- CreateIndex
CREATE INDEX "SandboxApplicationDocument_applicationId_idx" ON "SandboxApplicationDocument"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxCreditCheck_checkId_key" ON "SandboxCreditCheck"("checkId");

-- CreateIndex
CREATE INDEX "SandboxCreditCheck_organisationId_appId_idx" ON "SandboxCreditCheck"("organisationId", "appId");

-- AddForeignKey
ALTER TABLE "SandboxCard" ADD CONSTRAINT "SandboxCard_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "SandboxAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxFxRate" ADD CONSTRAINT "SandboxFxRate_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxFxQuote" ADD CONSTRAINT "SandboxFxQuote_sourceAccountId_fkey" FOREIGN KEY ("sourceAccountId") REFERENCES "SandboxAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxApplication" ADD CONSTRAINT "SandboxApplication_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxApplication" ADD CONSTRAINT "SandboxApplication_openedAccountId_fkey" FOREIGN KEY ("openedAccountId") REFERENCES "SandboxAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxApplicationDocument" ADD CONSTRAINT "SandboxApplicationDocument_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "SandboxApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxCreditCheck" ADD CONSTRAINT "SandboxCreditCheck_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxCreditCheck" ADD CONSTRAINT "SandboxCreditCheck_salaryAccountId_fkey" FOREIGN KEY ("salaryAccountId") REFERENCES "SandboxAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

