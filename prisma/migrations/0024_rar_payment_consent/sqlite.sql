-- AlterTable
ALTER TABLE "AuthorizationRequest" ADD COLUMN "paymentConsentUsedAt" DATETIME;
