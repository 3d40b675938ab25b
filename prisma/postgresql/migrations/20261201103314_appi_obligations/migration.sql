-- AlterEnum
ALTER TYPE "DataItemClass" ADD VALUE 'MY_NUMBER';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LegalExceptionGround" ADD VALUE 'ACADEMIC_RESEARCH_PUBLICATION';
ALTER TYPE "LegalExceptionGround" ADD VALUE 'ACADEMIC_RESEARCH_JOINT';
ALTER TYPE "LegalExceptionGround" ADD VALUE 'ACADEMIC_RESEARCH_RECIPIENT';

-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN     "myNumberTasks" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SuspensionRequest" ADD COLUMN     "ground" TEXT;

-- AlterTable
ALTER TABLE "ForeignStatement" ADD COLUMN     "substituteInformation" TEXT;

-- AlterTable
ALTER TABLE "DisclosureRequest" ADD COLUMN     "methodDifficultReason" TEXT;

-- AlterTable
ALTER TABLE "BulkProvisionRecord" ADD COLUMN     "consentId" TEXT,
ADD COLUMN     "recipientName" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "DisclosurePartRefusal" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "DisclosurePartRefusal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReceiptRecord" (
    "id" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "providerName" TEXT NOT NULL,
    "providerAddress" TEXT NOT NULL,
    "providerRepresentative" TEXT NOT NULL,
    "providerAcquisition" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "ppcPublication" TEXT,
    "items" JSONB NOT NULL,
    "keepUntil" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,

    CONSTRAINT "ReceiptRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReceiptRecordPerson" (
    "receiptId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    CONSTRAINT "ReceiptRecordPerson_pkey" PRIMARY KEY ("receiptId","personId")
);

-- CreateTable
CREATE TABLE "CorrectionRequest" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "requestedValue" TEXT,
    "statement" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "identityVerification" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "noticeJa" TEXT,
    "noticeEn" TEXT,
    "notifiedAt" TIMESTAMP(3),

    CONSTRAINT "CorrectionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StopRequest" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "purposeCode" TEXT,
    "recipientId" TEXT,
    "items" JSONB NOT NULL,
    "statement" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "identityVerification" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "alternativeMeasures" TEXT,
    "noticeJa" TEXT,
    "noticeEn" TEXT,

    CONSTRAINT "StopRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntrusteeSupervision" (
    "id" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "contractRef" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "result" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "nextCheckDue" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,

    CONSTRAINT "EntrusteeSupervision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DisclosurePartRefusal_requestId_idx" ON "DisclosurePartRefusal"("requestId");

-- CreateIndex
CREATE INDEX "ReceiptRecordPerson_personId_idx" ON "ReceiptRecordPerson"("personId");

-- CreateIndex
CREATE INDEX "CorrectionRequest_personId_idx" ON "CorrectionRequest"("personId");

-- CreateIndex
CREATE INDEX "CorrectionRequest_status_idx" ON "CorrectionRequest"("status");

-- CreateIndex
CREATE INDEX "StopRequest_personId_idx" ON "StopRequest"("personId");

-- CreateIndex
CREATE INDEX "EntrusteeSupervision_recipientId_checkedAt_idx" ON "EntrusteeSupervision"("recipientId", "checkedAt");

-- AddForeignKey
ALTER TABLE "DisclosurePartRefusal" ADD CONSTRAINT "DisclosurePartRefusal_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DisclosureRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceiptRecordPerson" ADD CONSTRAINT "ReceiptRecordPerson_receiptId_fkey" FOREIGN KEY ("receiptId") REFERENCES "ReceiptRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EntrusteeSupervision" ADD CONSTRAINT "EntrusteeSupervision_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

