-- CreateTable
CREATE TABLE "RequestRollup" (
    "grain" TEXT NOT NULL,
    "start" DATETIME NOT NULL,
    "appId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "apiSlug" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "s2xx" INTEGER NOT NULL,
    "s3xx" INTEGER NOT NULL,
    "s4xx" INTEGER NOT NULL,
    "s5xx" INTEGER NOT NULL,
    "latencySumMs" REAL NOT NULL,
    "h00" INTEGER NOT NULL,
    "h01" INTEGER NOT NULL,
    "h02" INTEGER NOT NULL,
    "h03" INTEGER NOT NULL,
    "h04" INTEGER NOT NULL,
    "h05" INTEGER NOT NULL,
    "h06" INTEGER NOT NULL,
    "h07" INTEGER NOT NULL,
    "h08" INTEGER NOT NULL,
    "h09" INTEGER NOT NULL,
    "h10" INTEGER NOT NULL,
    "h11" INTEGER NOT NULL,
    "h12" INTEGER NOT NULL,
    "h13" INTEGER NOT NULL,
    "h14" INTEGER NOT NULL,
    "h15" INTEGER NOT NULL,
    "h16" INTEGER NOT NULL,
    "h17" INTEGER NOT NULL,
    "h18" INTEGER NOT NULL,
    "h19" INTEGER NOT NULL,
    "h20" INTEGER NOT NULL,
    "h21" INTEGER NOT NULL,
    "h22" INTEGER NOT NULL,
    "h23" INTEGER NOT NULL,
    "h24" INTEGER NOT NULL,
    "h25" INTEGER NOT NULL,
    "h26" INTEGER NOT NULL,
    "h27" INTEGER NOT NULL,
    "h28" INTEGER NOT NULL,
    "h29" INTEGER NOT NULL,
    "h30" INTEGER NOT NULL,
    "h31" INTEGER NOT NULL,
    "h32" INTEGER NOT NULL,
    "h33" INTEGER NOT NULL,

    PRIMARY KEY ("appId", "grain", "start", "apiSlug", "apiVersion", "operationId")
);

-- CreateTable
CREATE TABLE "RequestLogBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RequestRollup_organisationId_grain_start_idx" ON "RequestRollup"("organisationId", "grain", "start");

-- CreateIndex
CREATE INDEX "RequestRollup_grain_start_idx" ON "RequestRollup"("grain", "start");

-- CreateIndex
CREATE INDEX "RequestLogBatch_at_idx" ON "RequestLogBatch"("at");

-- CreateIndex
CREATE INDEX "RequestLog_organisationId_at_idx" ON "RequestLog"("organisationId", "at");

