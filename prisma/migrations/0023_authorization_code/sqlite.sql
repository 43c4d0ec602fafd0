-- CreateTable
CREATE TABLE "AuthorizationRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appId" TEXT NOT NULL,
    "requestUriHash" TEXT NOT NULL,
    "redirectUri" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "state" TEXT,
    "codeChallenge" TEXT NOT NULL,
    "authorizationDetails" JSONB,
    "csrfHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "customerId" TEXT,
    "decidedAt" DATETIME,
    "accounts" JSONB,
    "codeHash" TEXT,
    "codeExpiresAt" DATETIME,
    "codeUsedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuthorizationRequest_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AuthorizationRequest_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "SandboxCustomer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RefreshToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "authorizationRequestId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "RefreshToken_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RefreshToken_authorizationRequestId_fkey" FOREIGN KEY ("authorizationRequestId") REFERENCES "AuthorizationRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_App" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "clientId" TEXT,
    "tokenLifetimeSeconds" INTEGER,
    "allAccounts" BOOLEAN NOT NULL DEFAULT false,
    "redirectUris" JSONB NOT NULL DEFAULT '[]',
    "suspendedReason" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "App_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "App_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_App" ("allAccounts", "clientId", "createdAt", "description", "id", "name", "organisationId", "ownerId", "revision", "status", "suspendedReason", "tokenLifetimeSeconds", "updatedAt") SELECT "allAccounts", "clientId", "createdAt", "description", "id", "name", "organisationId", "ownerId", "revision", "status", "suspendedReason", "tokenLifetimeSeconds", "updatedAt" FROM "App";
DROP TABLE "App";
ALTER TABLE "new_App" RENAME TO "App";
CREATE UNIQUE INDEX "App_clientId_key" ON "App"("clientId");
CREATE INDEX "App_organisationId_idx" ON "App"("organisationId");
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
    "customerId" TEXT,
    "accounts" JSONB,
    "authorizationRequestId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    CONSTRAINT "AccessToken_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AccessToken_clientSecretId_fkey" FOREIGN KEY ("clientSecretId") REFERENCES "ClientSecret" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AccessToken_authorizationRequestId_fkey" FOREIGN KEY ("authorizationRequestId") REFERENCES "AuthorizationRequest" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_AccessToken" ("appId", "certThumbprint", "clientSecretId", "createdAt", "expiresAt", "id", "issuedVia", "prefix", "revokedAt", "scope", "sourceIp", "tokenHash") SELECT "appId", "certThumbprint", "clientSecretId", "createdAt", "expiresAt", "id", "issuedVia", "prefix", "revokedAt", "scope", "sourceIp", "tokenHash" FROM "AccessToken";
DROP TABLE "AccessToken";
ALTER TABLE "new_AccessToken" RENAME TO "AccessToken";
CREATE UNIQUE INDEX "AccessToken_tokenHash_key" ON "AccessToken"("tokenHash");
CREATE INDEX "AccessToken_appId_idx" ON "AccessToken"("appId");
CREATE INDEX "AccessToken_expiresAt_idx" ON "AccessToken"("expiresAt");
CREATE INDEX "AccessToken_prefix_idx" ON "AccessToken"("prefix");
CREATE INDEX "AccessToken_clientSecretId_idx" ON "AccessToken"("clientSecretId");
CREATE INDEX "AccessToken_authorizationRequestId_idx" ON "AccessToken"("authorizationRequestId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AuthorizationRequest_requestUriHash_key" ON "AuthorizationRequest"("requestUriHash");

-- CreateIndex
CREATE UNIQUE INDEX "AuthorizationRequest_codeHash_key" ON "AuthorizationRequest"("codeHash");

-- CreateIndex
CREATE INDEX "AuthorizationRequest_appId_idx" ON "AuthorizationRequest"("appId");

-- CreateIndex
CREATE INDEX "AuthorizationRequest_expiresAt_idx" ON "AuthorizationRequest"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "RefreshToken_tokenHash_key" ON "RefreshToken"("tokenHash");

-- CreateIndex
CREATE INDEX "RefreshToken_authorizationRequestId_idx" ON "RefreshToken"("authorizationRequestId");

-- CreateIndex
CREATE INDEX "RefreshToken_appId_idx" ON "RefreshToken"("appId");

-- CreateIndex
CREATE INDEX "RefreshToken_expiresAt_idx" ON "RefreshToken"("expiresAt");

