-- CreateTable
CREATE TABLE "SandboxResource" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "apiVersionId" TEXT NOT NULL,
    "collection" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "body" JSON NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SandboxResource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxResourceUsage" (
    "organisationId" TEXT NOT NULL,
    "resources" INTEGER NOT NULL DEFAULT 0,
    "bytes" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SandboxResourceUsage_pkey" PRIMARY KEY ("organisationId")
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxResource_organisationId_apiVersionId_collection_reso_key" ON "SandboxResource"("organisationId", "apiVersionId", "collection", "resourceId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxResource_organisationId_apiVersionId_collection_seq_key" ON "SandboxResource"("organisationId", "apiVersionId", "collection", "seq");

-- AddForeignKey
ALTER TABLE "SandboxResource" ADD CONSTRAINT "SandboxResource_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxResource" ADD CONSTRAINT "SandboxResource_apiVersionId_fkey" FOREIGN KEY ("apiVersionId") REFERENCES "ApiVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxResourceUsage" ADD CONSTRAINT "SandboxResourceUsage_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

