-- Strings that held JSON become Json columns (declared JSONB, which Prisma's
-- SQLite adapter reads as JSON; the stored text is unchanged). Enum columns
-- need no change on SQLite: they stay TEXT and the client checks the values.
-- Rebuilt with `migrate diff`'s table-rebuild form, which copies every row
-- (INSERT INTO new SELECT … FROM old); fixed by hand: JSON defaults quoted
-- ('[]', '{}'). Foreign keys are switched off around this migration by
-- lib/db/migrate.ts (PRAGMA foreign_keys is a no-op inside a transaction),
-- so dropping the old tables cascades to nothing; it then runs
-- foreign_key_check before committing.

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "apiId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "lifecycle" TEXT NOT NULL DEFAULT 'published',
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "tags" JSONB NOT NULL DEFAULT '[]',
    "scopes" JSONB NOT NULL DEFAULT '{}',
    "specSource" JSONB NOT NULL,
    "specResolved" JSONB NOT NULL,
    "specSha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "publishedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ApiVersion_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApiVersion" ("apiId", "createdAt", "description", "id", "lifecycle", "publishedById", "scopes", "sizeBytes", "specResolved", "specSha256", "specSource", "tags", "title", "updatedAt", "version") SELECT "apiId", "createdAt", "description", "id", "lifecycle", "publishedById", "scopes", "sizeBytes", "specResolved", "specSha256", "specSource", "tags", "title", "updatedAt", "version" FROM "ApiVersion";
DROP TABLE "ApiVersion";
ALTER TABLE "new_ApiVersion" RENAME TO "ApiVersion";
CREATE UNIQUE INDEX "ApiVersion_apiId_version_key" ON "ApiVersion"("apiId", "version");
CREATE TABLE "new_ApiOperation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "apiVersionId" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "tags" JSONB NOT NULL DEFAULT '[]',
    "scopes" JSONB NOT NULL DEFAULT '[]',
    "fieldNames" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "ApiOperation_apiVersionId_fkey" FOREIGN KEY ("apiVersionId") REFERENCES "ApiVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApiOperation" ("apiVersionId", "description", "fieldNames", "id", "method", "operationId", "path", "scopes", "summary", "tags") SELECT "apiVersionId", "description", "fieldNames", "id", "method", "operationId", "path", "scopes", "summary", "tags" FROM "ApiOperation";
DROP TABLE "ApiOperation";
ALTER TABLE "new_ApiOperation" RENAME TO "ApiOperation";
CREATE INDEX "ApiOperation_apiVersionId_idx" ON "ApiOperation"("apiVersionId");
CREATE UNIQUE INDEX "ApiOperation_apiVersionId_method_path_key" ON "ApiOperation"("apiVersionId", "method", "path");
CREATE TABLE "new_AppApi" (
    "appId" TEXT NOT NULL,
    "apiVersionId" TEXT NOT NULL,
    "scopes" JSONB NOT NULL,

    PRIMARY KEY ("appId", "apiVersionId"),
    CONSTRAINT "AppApi_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AppApi_apiVersionId_fkey" FOREIGN KEY ("apiVersionId") REFERENCES "ApiVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AppApi" ("apiVersionId", "appId", "scopes") SELECT "apiVersionId", "appId", "scopes" FROM "AppApi";
DROP TABLE "AppApi";
ALTER TABLE "new_AppApi" RENAME TO "AppApi";
CREATE TABLE "new_AppRequestApi" (
    "requestId" TEXT NOT NULL,
    "apiVersionId" TEXT NOT NULL,
    "scopes" JSONB NOT NULL,

    PRIMARY KEY ("requestId", "apiVersionId"),
    CONSTRAINT "AppRequestApi_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AppRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AppRequestApi_apiVersionId_fkey" FOREIGN KEY ("apiVersionId") REFERENCES "ApiVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AppRequestApi" ("apiVersionId", "requestId", "scopes") SELECT "apiVersionId", "requestId", "scopes" FROM "AppRequestApi";
DROP TABLE "AppRequestApi";
ALTER TABLE "new_AppRequestApi" RENAME TO "AppRequestApi";
CREATE TABLE "new_BankSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT
);
INSERT INTO "new_BankSetting" ("key", "updatedAt", "updatedById", "value") SELECT "key", "updatedAt", "updatedById", "value" FROM "BankSetting";
DROP TABLE "BankSetting";
ALTER TABLE "new_BankSetting" RENAME TO "BankSetting";
CREATE TABLE "new_AuditEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorRole" TEXT NOT NULL,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "reason" TEXT,
    "sourceIp" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);
INSERT INTO "new_AuditEvent" ("action", "actorId", "actorLabel", "actorRole", "at", "details", "hash", "prevHash", "reason", "seq", "sourceIp", "targetId", "targetType") SELECT "action", "actorId", "actorLabel", "actorRole", "at", "details", "hash", "prevHash", "reason", "seq", "sourceIp", "targetId", "targetType" FROM "AuditEvent";
DROP TABLE "AuditEvent";
ALTER TABLE "new_AuditEvent" RENAME TO "AuditEvent";
CREATE UNIQUE INDEX "AuditEvent_prevHash_key" ON "AuditEvent"("prevHash");
CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash");
CREATE INDEX "AuditEvent_action_idx" ON "AuditEvent"("action");
CREATE INDEX "AuditEvent_targetType_targetId_idx" ON "AuditEvent"("targetType", "targetId");
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

