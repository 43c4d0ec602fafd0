-- CreateTable
CREATE TABLE "SandboxCustomerSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "csrfHash" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SandboxCustomerSession_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "SandboxCustomer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxCustomerSession_tokenHash_key" ON "SandboxCustomerSession"("tokenHash");

-- CreateIndex
CREATE INDEX "SandboxCustomerSession_customerId_idx" ON "SandboxCustomerSession"("customerId");

-- CreateIndex
CREATE INDEX "SandboxCustomerSession_expiresAt_idx" ON "SandboxCustomerSession"("expiresAt");
