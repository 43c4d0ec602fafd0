-- CreateTable
CREATE TABLE "PendingSettingChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "openKey" TEXT,
    "value" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "proposedById" TEXT NOT NULL,
    "decidedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "PendingSettingChange_openKey_key" ON "PendingSettingChange"("openKey");

