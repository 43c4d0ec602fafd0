-- AlterTable
ALTER TABLE "ApiVersion" ADD COLUMN "changelog" JSONB;
ALTER TABLE "ApiVersion" ADD COLUMN "deprecatedAt" DATETIME;
ALTER TABLE "ApiVersion" ADD COLUMN "scorecard" JSONB;
ALTER TABLE "ApiVersion" ADD COLUMN "sunsetAt" DATETIME;

