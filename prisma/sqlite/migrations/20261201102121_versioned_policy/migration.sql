-- Versioned purposes, item classes and notices (issue 10). Hand-edited: the data in place
-- becomes version 1 with its present dates before the old columns and tables go.

-- AlterTable
ALTER TABLE "ProvisionEvent" ADD COLUMN "conformingCheckId" TEXT;
ALTER TABLE "ProvisionEvent" ADD COLUMN "foreignStatementId" TEXT;
ALTER TABLE "ProvisionEvent" ADD COLUMN "noticeVersionId" TEXT;
ALTER TABLE "ProvisionEvent" ADD COLUMN "purposeVersionId" TEXT;

-- CreateTable
CREATE TABLE "DataItemClassVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemCode" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "class" TEXT NOT NULL,
    "announcedAt" DATETIME NOT NULL,
    "effectiveFrom" DATETIME NOT NULL,
    "effectiveUntil" DATETIME,
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "DataItemClassVersion_itemCode_fkey" FOREIGN KEY ("itemCode") REFERENCES "DataItem" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PurposeVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purposeCode" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "descriptionJa" TEXT NOT NULL,
    "changeNote" TEXT NOT NULL DEFAULT '',
    "announcedAt" DATETIME NOT NULL,
    "effectiveFrom" DATETIME NOT NULL,
    "effectiveUntil" DATETIME,
    CONSTRAINT "PurposeVersion_purposeCode_fkey" FOREIGN KEY ("purposeCode") REFERENCES "Purpose" ("code") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PurposeVersionItem" (
    "versionId" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "itemClass" TEXT NOT NULL,

    PRIMARY KEY ("versionId", "itemCode"),
    CONSTRAINT "PurposeVersionItem_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PurposeVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PurposeVersionItem_itemCode_fkey" FOREIGN KEY ("itemCode") REFERENCES "DataItem" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Data: every current purpose, its items and every item's class become version 1.
INSERT INTO "DataItemClassVersion" ("id", "itemCode", "version", "class", "announcedAt", "effectiveFrom")
  SELECT 'ic1-' || "code", "code", 1, "class", "createdAt", "createdAt" FROM "DataItem";
INSERT INTO "PurposeVersion" ("id", "purposeCode", "version", "description", "descriptionJa", "announcedAt", "effectiveFrom")
  SELECT 'pv1-' || "code", "code", 1, "description", "descriptionJa", "createdAt", "createdAt" FROM "Purpose";
INSERT INTO "PurposeVersionItem" ("versionId", "itemCode", "itemClass")
  SELECT 'pv1-' || pi."purposeCode", pi."itemCode", d."class" FROM "PurposeItem" pi JOIN "DataItem" d ON d."code" = pi."itemCode";
PRAGMA foreign_keys=off;
DROP TABLE "PurposeItem";
PRAGMA foreign_keys=on;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DataItem" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "labelJa" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_DataItem" ("code", "createdAt", "label", "labelJa", "updatedAt") SELECT "code", "createdAt", "label", "labelJa", "updatedAt" FROM "DataItem";
DROP TABLE "DataItem";
ALTER TABLE "new_DataItem" RENAME TO "DataItem";
CREATE TABLE "new_Purpose" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Purpose" ("code", "createdAt") SELECT "code", "createdAt" FROM "Purpose";
DROP TABLE "Purpose";
ALTER TABLE "new_Purpose" RENAME TO "Purpose";
CREATE TABLE "new_Consent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "recipientId" TEXT,
    "recipientGroup" TEXT,
    "purposeCode" TEXT NOT NULL,
    "purposeVersionId" TEXT,
    "allItems" BOOLEAN NOT NULL DEFAULT false,
    "foreignStatementId" TEXT,
    "givenAt" DATETIME NOT NULL,
    "method" TEXT NOT NULL,
    "evidenceRef" TEXT NOT NULL,
    "withdrawnAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Consent_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Consent_purposeVersionId_fkey" FOREIGN KEY ("purposeVersionId") REFERENCES "PurposeVersion" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Consent_foreignStatementId_fkey" FOREIGN KEY ("foreignStatementId") REFERENCES "ForeignStatement" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Consent" ("allItems", "createdAt", "evidenceRef", "foreignStatementId", "givenAt", "id", "method", "personId", "purposeCode", "purposeVersionId", "recipientGroup", "recipientId", "withdrawnAt") SELECT "allItems", "createdAt", "evidenceRef", "foreignStatementId", "givenAt", "id", "method", "personId", "purposeCode", 'pv1-' || "purposeCode", "recipientGroup", "recipientId", "withdrawnAt" FROM "Consent";
DROP TABLE "Consent";
ALTER TABLE "new_Consent" RENAME TO "Consent";
CREATE INDEX "Consent_personId_idx" ON "Consent"("personId");
CREATE INDEX "Consent_recipientId_purposeCode_idx" ON "Consent"("recipientId", "purposeCode");
CREATE TABLE "new_OptOutNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipientId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "providerName" TEXT NOT NULL,
    "purposeStatement" TEXT NOT NULL DEFAULT '',
    "providerAddress" TEXT NOT NULL,
    "providerRepresentative" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "acquisitionMethod" TEXT NOT NULL,
    "provisionMethod" TEXT NOT NULL,
    "stopOnRequest" BOOLEAN NOT NULL,
    "requestMethod" TEXT NOT NULL,
    "updateMethod" TEXT NOT NULL,
    "notifiedAt" DATETIME,
    "ppcFiledAt" DATETIME NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "announcedAt" DATETIME NOT NULL,
    "effectiveUntil" DATETIME,
    "ceasedAt" DATETIME,
    "cessationFiledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OptOutNotice_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- The old notice recorded neither the purpose statement nor when people were notified:
-- version 1 keeps them empty, so opt-out provision stays stopped until a version 2 has them.
INSERT INTO "new_OptOutNotice" ("id", "version", "announcedAt", "acquisitionMethod", "createdAt", "items", "ppcFiledAt", "providerAddress", "providerName", "providerRepresentative", "provisionMethod", "recipientId", "requestMethod", "startsAt", "stopOnRequest", "updateMethod") SELECT 'oon1-' || "recipientId", 1, "createdAt", "acquisitionMethod", "createdAt", "items", "ppcFiledAt", "providerAddress", "providerName", "providerRepresentative", "provisionMethod", "recipientId", "requestMethod", "startsAt", "stopOnRequest", "updateMethod" FROM "OptOutNotice";
DROP TABLE "OptOutNotice";
ALTER TABLE "new_OptOutNotice" RENAME TO "OptOutNotice";
CREATE UNIQUE INDEX "OptOutNotice_recipientId_version_key" ON "OptOutNotice"("recipientId", "version");
CREATE TABLE "new_JointUseNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipientId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "jointUsers" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "purposes" JSONB NOT NULL,
    "responsibleName" TEXT NOT NULL,
    "responsibleAddress" TEXT NOT NULL,
    "responsibleRepresentative" TEXT NOT NULL,
    "announcedAt" DATETIME NOT NULL,
    "effectiveFrom" DATETIME NOT NULL,
    "effectiveUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "JointUseNotice_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_JointUseNotice" ("id", "version", "effectiveFrom", "announcedAt", "createdAt", "items", "jointUsers", "purposes", "recipientId", "responsibleAddress", "responsibleName", "responsibleRepresentative") SELECT 'jun1-' || "recipientId", 1, "announcedAt", "announcedAt", "createdAt", "items", "jointUsers", "purposes", "recipientId", "responsibleAddress", "responsibleName", "responsibleRepresentative" FROM "JointUseNotice";
DROP TABLE "JointUseNotice";
ALTER TABLE "new_JointUseNotice" RENAME TO "JointUseNotice";
CREATE UNIQUE INDEX "JointUseNotice_recipientId_version_key" ON "JointUseNotice"("recipientId", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "DataItemClassVersion_itemCode_version_key" ON "DataItemClassVersion"("itemCode", "version");

-- CreateIndex
CREATE UNIQUE INDEX "PurposeVersion_purposeCode_version_key" ON "PurposeVersion"("purposeCode", "version");

