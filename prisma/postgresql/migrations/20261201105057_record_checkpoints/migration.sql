-- CreateTable
CREATE TABLE "RecordCheckpoint" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "headSeq" BIGINT NOT NULL,
    "headHash" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "signed" TEXT NOT NULL,

    CONSTRAINT "RecordCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecordCheckpoint_at_idx" ON "RecordCheckpoint"("at");

