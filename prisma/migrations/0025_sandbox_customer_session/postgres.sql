-- AlterEnum
ALTER TYPE "ActorRole" ADD VALUE 'customer';

-- CreateTable
CREATE TABLE "SandboxCustomerSession" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "csrfHash" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxCustomerSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxCustomerSession_tokenHash_key" ON "SandboxCustomerSession"("tokenHash");

-- CreateIndex
CREATE INDEX "SandboxCustomerSession_customerId_idx" ON "SandboxCustomerSession"("customerId");

-- CreateIndex
CREATE INDEX "SandboxCustomerSession_expiresAt_idx" ON "SandboxCustomerSession"("expiresAt");

-- AddForeignKey
ALTER TABLE "SandboxCustomerSession" ADD CONSTRAINT "SandboxCustomerSession_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "SandboxCustomer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
