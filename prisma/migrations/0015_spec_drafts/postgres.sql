-- CreateEnum
CREATE TYPE "DraftSource" AS ENUM ('admin_upload', 'management', 'cli');

-- CreateTable
CREATE TABLE "SpecDraft" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "upload" JSON NOT NULL,
    "overlay" TEXT,
    "review" JSON NOT NULL,
    "proposedOverlay" TEXT NOT NULL,
    "source" "DraftSource" NOT NULL,
    "savedBy" TEXT NOT NULL,
    "savedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SpecDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SpecDraft_slug_version_key" ON "SpecDraft"("slug", "version");

