-- CreateTable
CREATE TABLE "ApiVersionOverlay" (
    "apiVersionId" TEXT NOT NULL,
    "scopeDefaults" JSON NOT NULL DEFAULT '{}',
    "accountMarks" JSON NOT NULL DEFAULT '[]',
    "sandboxBindings" JSON NOT NULL DEFAULT '[]',
    "noAccountScoping" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiVersionOverlay_pkey" PRIMARY KEY ("apiVersionId")
);

-- AddForeignKey
ALTER TABLE "ApiVersionOverlay" ADD CONSTRAINT "ApiVersionOverlay_apiVersionId_fkey" FOREIGN KEY ("apiVersionId") REFERENCES "ApiVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

