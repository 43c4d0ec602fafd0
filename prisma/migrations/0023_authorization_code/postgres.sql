-- AlterEnum
ALTER TYPE "TokenIssuer" ADD VALUE 'authorization_code';

-- AlterTable
ALTER TABLE "App" ADD COLUMN     "redirectUris" JSON NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "AccessToken" ADD COLUMN     "accounts" JSON,
ADD COLUMN     "authorizationRequestId" TEXT,
ADD COLUMN     "customerId" TEXT;

-- CreateTable
CREATE TABLE "AuthorizationRequest" (
    "id" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "requestUriHash" TEXT NOT NULL,
    "redirectUri" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "state" TEXT,
    "codeChallenge" TEXT NOT NULL,
    "authorizationDetails" JSON,
    "csrfHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "customerId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "accounts" JSON,
    "codeHash" TEXT,
    "codeExpiresAt" TIMESTAMP(3),
    "codeUsedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuthorizationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefreshToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "authorizationRequestId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "RefreshToken_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "AccessToken_authorizationRequestId_idx" ON "AccessToken"("authorizationRequestId");

-- AddForeignKey
ALTER TABLE "AccessToken" ADD CONSTRAINT "AccessToken_authorizationRequestId_fkey" FOREIGN KEY ("authorizationRequestId") REFERENCES "AuthorizationRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthorizationRequest" ADD CONSTRAINT "AuthorizationRequest_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthorizationRequest" ADD CONSTRAINT "AuthorizationRequest_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "SandboxCustomer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefreshToken" ADD CONSTRAINT "RefreshToken_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RefreshToken" ADD CONSTRAINT "RefreshToken_authorizationRequestId_fkey" FOREIGN KEY ("authorizationRequestId") REFERENCES "AuthorizationRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

