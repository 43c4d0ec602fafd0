-- AlterTable
ALTER TABLE "Api" ADD COLUMN "selfService" BOOLEAN NOT NULL DEFAULT false;
