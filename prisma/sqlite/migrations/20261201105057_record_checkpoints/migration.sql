-- CreateTable
CREATE TABLE "RecordCheckpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "headSeq" BIGINT NOT NULL,
    "headHash" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "signed" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "RecordCheckpoint_at_idx" ON "RecordCheckpoint"("at");

