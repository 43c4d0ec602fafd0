-- CreateTable
CREATE TABLE "ApiVersionOverlay" (
    "apiVersionId" TEXT NOT NULL PRIMARY KEY,
    "scopeDefaults" JSONB NOT NULL DEFAULT '{}',
    "accountMarks" JSONB NOT NULL DEFAULT '[]',
    "sandboxBindings" JSONB NOT NULL DEFAULT '[]',
    "noAccountScoping" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiVersionOverlay_apiVersionId_fkey" FOREIGN KEY ("apiVersionId") REFERENCES "ApiVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

