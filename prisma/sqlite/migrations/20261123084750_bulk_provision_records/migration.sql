-- CreateTable
CREATE TABLE "BulkProvisionRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipientId" TEXT NOT NULL,
    "purposeCode" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "firstProvidedAt" DATETIME NOT NULL,
    "lastProvidedAt" DATETIME NOT NULL,
    "keepUntil" DATETIME NOT NULL
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Recipient" ("activeFrom", "activeUntil", "address", "contractRef", "country", "createdAt", "foreignRoute", "groupCode", "id", "legalBasis", "linksReferableData", "name", "representative", "updatedAt") SELECT "activeFrom", "activeUntil", "address", "contractRef", "country", "createdAt", "foreignRoute", "groupCode", "id", "legalBasis", "linksReferableData", "name", "representative", "updatedAt" FROM "Recipient";
DROP TABLE "Recipient";
ALTER TABLE "new_Recipient" RENAME TO "Recipient";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "BulkProvisionRecord_personId_idx" ON "BulkProvisionRecord"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "BulkProvisionRecord_recipientId_purposeCode_ground_personId_key" ON "BulkProvisionRecord"("recipientId", "purposeCode", "ground", "personId");

