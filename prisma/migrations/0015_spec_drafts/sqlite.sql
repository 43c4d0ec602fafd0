-- CreateTable
CREATE TABLE "SpecDraft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "upload" JSONB NOT NULL,
    "overlay" TEXT,
    "review" JSONB NOT NULL,
    "proposedOverlay" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "savedBy" TEXT NOT NULL,
    "savedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "SpecDraft_slug_version_key" ON "SpecDraft"("slug", "version");

