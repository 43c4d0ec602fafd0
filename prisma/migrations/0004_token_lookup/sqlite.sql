-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AccessToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "certThumbprint" TEXT,
    "clientSecretId" TEXT,
    "prefix" TEXT NOT NULL DEFAULT '',
    "sourceIp" TEXT,
    "issuedVia" TEXT NOT NULL DEFAULT 'client_credentials',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    CONSTRAINT "AccessToken_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AccessToken_clientSecretId_fkey" FOREIGN KEY ("clientSecretId") REFERENCES "ClientSecret" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_AccessToken" ("appId", "certThumbprint", "createdAt", "expiresAt", "id", "issuedVia", "revokedAt", "scope", "tokenHash") SELECT "appId", "certThumbprint", "createdAt", "expiresAt", "id", "issuedVia", "revokedAt", "scope", "tokenHash" FROM "AccessToken";
DROP TABLE "AccessToken";
ALTER TABLE "new_AccessToken" RENAME TO "AccessToken";
CREATE UNIQUE INDEX "AccessToken_tokenHash_key" ON "AccessToken"("tokenHash");
CREATE INDEX "AccessToken_appId_idx" ON "AccessToken"("appId");
CREATE INDEX "AccessToken_expiresAt_idx" ON "AccessToken"("expiresAt");
CREATE INDEX "AccessToken_prefix_idx" ON "AccessToken"("prefix");
CREATE INDEX "AccessToken_clientSecretId_idx" ON "AccessToken"("clientSecretId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

