-- CreateTable
CREATE TABLE "RecordAccess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "filter" JSONB,
    "requestId" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "RecordAccess_at_idx" ON "RecordAccess"("at");

