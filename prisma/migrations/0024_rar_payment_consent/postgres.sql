-- AlterTable
ALTER TABLE "AuthorizationRequest" ADD COLUMN "paymentConsentUsedAt" TIMESTAMP(3);
