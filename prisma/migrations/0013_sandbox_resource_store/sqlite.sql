-- CreateTable
CREATE TABLE "SandboxResource" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "apiVersionId" TEXT NOT NULL,
    "collection" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SandboxResource_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SandboxResource_apiVersionId_fkey" FOREIGN KEY ("apiVersionId") REFERENCES "ApiVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SandboxResourceUsage" (
    "organisationId" TEXT NOT NULL PRIMARY KEY,
    "resources" INTEGER NOT NULL DEFAULT 0,
    "bytes" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "SandboxResourceUsage_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SandboxResource_organisationId_apiVersionId_collection_resourceId_key" ON "SandboxResource"("organisationId", "apiVersionId", "collection", "resourceId");

-- CreateIndex
CREATE UNIQUE INDEX "SandboxResource_organisationId_apiVersionId_collection_seq_key" ON "SandboxResource"("organisationId", "apiVersionId", "collection", "seq");

