-- AlterTable
ALTER TABLE "SuspensionRequest" ADD COLUMN "ground" TEXT;

-- AlterTable
ALTER TABLE "ForeignStatement" ADD COLUMN "substituteInformation" TEXT;

-- AlterTable
ALTER TABLE "DisclosureRequest" ADD COLUMN "methodDifficultReason" TEXT;

-- CreateTable
CREATE TABLE "DisclosurePartRefusal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "part" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    CONSTRAINT "DisclosurePartRefusal_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DisclosureRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReceiptRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "receivedAt" DATETIME NOT NULL,
    "providerName" TEXT NOT NULL,
    "providerAddress" TEXT NOT NULL,
    "providerRepresentative" TEXT NOT NULL,
    "providerAcquisition" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "ppcPublication" TEXT,
    "items" JSONB NOT NULL,
    "keepUntil" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "actor" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ReceiptRecordPerson" (
    "receiptId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,

    PRIMARY KEY ("receiptId", "personId"),
    CONSTRAINT "ReceiptRecordPerson_receiptId_fkey" FOREIGN KEY ("receiptId") REFERENCES "ReceiptRecord" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CorrectionRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "requestedValue" TEXT,
    "statement" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "identityVerification" TEXT,
    "decidedAt" DATETIME,
    "decisionReason" TEXT,
    "noticeJa" TEXT,
    "noticeEn" TEXT,
    "notifiedAt" DATETIME
);

-- CreateTable
CREATE TABLE "StopRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "purposeCode" TEXT,
    "recipientId" TEXT,
    "items" JSONB NOT NULL,
    "statement" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "identityVerification" TEXT,
    "decidedAt" DATETIME,
    "decisionReason" TEXT,
    "alternativeMeasures" TEXT,
    "noticeJa" TEXT,
    "noticeEn" TEXT
);

-- CreateTable
CREATE TABLE "EntrusteeSupervision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipientId" TEXT NOT NULL,
    "contractRef" TEXT NOT NULL,
    "checkedAt" DATETIME NOT NULL,
    "result" TEXT NOT NULL,
    "findings" TEXT NOT NULL,
    "nextCheckDue" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    CONSTRAINT "EntrusteeSupervision_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Recipient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "representative" TEXT NOT NULL,
    "country" TEXT NOT NULL DEFAULT 'JP',
    "legalBasis" TEXT NOT NULL,
    "foreignRoute" TEXT,
    "contractRef" TEXT NOT NULL,
    "activeFrom" DATETIME NOT NULL,
    "activeUntil" DATETIME,
    "groupCode" TEXT,
    "linksReferableData" BOOLEAN NOT NULL DEFAULT false,
    "bulkRecording" BOOLEAN NOT NULL DEFAULT false,
    "myNumberTasks" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Recipient" ("activeFrom", "activeUntil", "address", "bulkRecording", "contractRef", "country", "createdAt", "foreignRoute", "groupCode", "id", "legalBasis", "linksReferableData", "name", "representative", "updatedAt") SELECT "activeFrom", "activeUntil", "address", "bulkRecording", "contractRef", "country", "createdAt", "foreignRoute", "groupCode", "id", "legalBasis", "linksReferableData", "name", "representative", "updatedAt" FROM "Recipient";
DROP TABLE "Recipient";
ALTER TABLE "new_Recipient" RENAME TO "Recipient";
CREATE TABLE "new_BulkProvisionRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipientId" TEXT NOT NULL,
    "purposeCode" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "recipientName" TEXT NOT NULL DEFAULT '',
    "consentId" TEXT,
    "items" JSONB NOT NULL,
    "firstProvidedAt" DATETIME NOT NULL,
    "lastProvidedAt" DATETIME NOT NULL,
    "keepUntil" DATETIME NOT NULL
);
INSERT INTO "new_BulkProvisionRecord" ("firstProvidedAt", "ground", "id", "items", "keepUntil", "lastProvidedAt", "personId", "purposeCode", "recipientId") SELECT "firstProvidedAt", "ground", "id", "items", "keepUntil", "lastProvidedAt", "personId", "purposeCode", "recipientId" FROM "BulkProvisionRecord";
DROP TABLE "BulkProvisionRecord";
ALTER TABLE "new_BulkProvisionRecord" RENAME TO "BulkProvisionRecord";
CREATE INDEX "BulkProvisionRecord_personId_idx" ON "BulkProvisionRecord"("personId");
CREATE UNIQUE INDEX "BulkProvisionRecord_recipientId_purposeCode_ground_personId_key" ON "BulkProvisionRecord"("recipientId", "purposeCode", "ground", "personId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

