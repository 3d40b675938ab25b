-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN     "bulkRecording" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "BulkProvisionRecord" (
    "id" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "purposeCode" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "firstProvidedAt" TIMESTAMP(3) NOT NULL,
    "lastProvidedAt" TIMESTAMP(3) NOT NULL,
    "keepUntil" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BulkProvisionRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BulkProvisionRecord_personId_idx" ON "BulkProvisionRecord"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "BulkProvisionRecord_recipientId_purposeCode_ground_personId_key" ON "BulkProvisionRecord"("recipientId", "purposeCode", "ground", "personId");

