-- CreateEnum
CREATE TYPE "SettingChangeStatus" AS ENUM ('pending', 'approved', 'rejected', 'withdrawn');

-- CreateTable
CREATE TABLE "PendingSettingChange" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "openKey" TEXT,
    "value" JSON NOT NULL,
    "status" "SettingChangeStatus" NOT NULL DEFAULT 'pending',
    "proposedById" TEXT NOT NULL,
    "decidedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "PendingSettingChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PendingSettingChange_openKey_key" ON "PendingSettingChange"("openKey");

