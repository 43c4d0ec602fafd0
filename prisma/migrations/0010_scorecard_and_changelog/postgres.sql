-- AlterTable
ALTER TABLE "ApiVersion" ADD COLUMN     "changelog" JSON,
ADD COLUMN     "deprecatedAt" TIMESTAMP(3),
ADD COLUMN     "scorecard" JSON,
ADD COLUMN     "sunsetAt" TIMESTAMP(3);

