-- AlterTable
ALTER TABLE "AccessToken" ADD COLUMN     "clientSecretId" TEXT,
ADD COLUMN     "prefix" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sourceIp" TEXT;

-- CreateIndex
CREATE INDEX "AccessToken_prefix_idx" ON "AccessToken"("prefix");

-- CreateIndex
CREATE INDEX "AccessToken_clientSecretId_idx" ON "AccessToken"("clientSecretId");

-- AddForeignKey
ALTER TABLE "AccessToken" ADD CONSTRAINT "AccessToken_clientSecretId_fkey" FOREIGN KEY ("clientSecretId") REFERENCES "ClientSecret"("id") ON DELETE SET NULL ON UPDATE CASCADE;

