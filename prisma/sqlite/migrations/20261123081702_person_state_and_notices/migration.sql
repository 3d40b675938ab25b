-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "recipientId" TEXT,
    "recipientGroup" TEXT,
    "purposeCode" TEXT NOT NULL,
    "allItems" BOOLEAN NOT NULL DEFAULT false,
    "foreignStatementId" TEXT,
    "givenAt" DATETIME NOT NULL,
    "method" TEXT NOT NULL,
    "evidenceRef" TEXT NOT NULL,
    "withdrawnAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Consent_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Consent_foreignStatementId_fkey" FOREIGN KEY ("foreignStatementId") REFERENCES "ForeignStatement" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsentItem" (
    "consentId" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,

    PRIMARY KEY ("consentId", "itemCode"),
    CONSTRAINT "ConsentItem_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "Consent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OptOutNotice" (
    "recipientId" TEXT NOT NULL PRIMARY KEY,
    "providerName" TEXT NOT NULL,
    "providerAddress" TEXT NOT NULL,
    "providerRepresentative" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "acquisitionMethod" TEXT NOT NULL,
    "provisionMethod" TEXT NOT NULL,
    "stopOnRequest" BOOLEAN NOT NULL,
    "requestMethod" TEXT NOT NULL,
    "updateMethod" TEXT NOT NULL,
    "ppcFiledAt" DATETIME NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OptOutNotice_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OptOutRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "recipientId" TEXT,
    "receivedAt" DATETIME NOT NULL,
    "withdrawnAt" DATETIME,
    CONSTRAINT "OptOutRequest_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SuspensionRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "recipientId" TEXT,
    "purposeCode" TEXT,
    "reason" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "liftedAt" DATETIME,
    CONSTRAINT "SuspensionRequest_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForeignStatement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipientId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "country" TEXT,
    "countryUnknownReason" TEXT,
    "protectionSystem" TEXT NOT NULL,
    "recipientMeasures" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL,
    CONSTRAINT "ForeignStatement_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConformingSystemCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipientId" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "checkedAt" DATETIME NOT NULL,
    "nextCheckDue" DATETIME NOT NULL,
    "findings" TEXT NOT NULL,
    "measuresAssured" BOOLEAN NOT NULL,
    CONSTRAINT "ConformingSystemCheck_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReferablePledge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "recipientId" TEXT NOT NULL,
    "personId" TEXT,
    "pledgeRef" TEXT NOT NULL,
    "confirmedAt" DATETIME NOT NULL,
    "withdrawnAt" DATETIME,
    CONSTRAINT "ReferablePledge_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JointUseNotice" (
    "recipientId" TEXT NOT NULL PRIMARY KEY,
    "jointUsers" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "purposes" JSONB NOT NULL,
    "responsibleName" TEXT NOT NULL,
    "responsibleAddress" TEXT NOT NULL,
    "responsibleRepresentative" TEXT NOT NULL,
    "announcedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "JointUseNotice_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LegalExceptionProvision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ground" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "recipientName" TEXT NOT NULL,
    "personIds" JSONB NOT NULL,
    "items" JSONB NOT NULL,
    "actorKeyId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Recipient" ("activeFrom", "activeUntil", "address", "contractRef", "country", "createdAt", "foreignRoute", "id", "legalBasis", "name", "representative", "updatedAt") SELECT "activeFrom", "activeUntil", "address", "contractRef", "country", "createdAt", "foreignRoute", "id", "legalBasis", "name", "representative", "updatedAt" FROM "Recipient";
DROP TABLE "Recipient";
ALTER TABLE "new_Recipient" RENAME TO "Recipient";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Consent_personId_idx" ON "Consent"("personId");

-- CreateIndex
CREATE INDEX "Consent_recipientId_purposeCode_idx" ON "Consent"("recipientId", "purposeCode");

-- CreateIndex
CREATE INDEX "OptOutRequest_personId_idx" ON "OptOutRequest"("personId");

-- CreateIndex
CREATE INDEX "SuspensionRequest_personId_idx" ON "SuspensionRequest"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "ForeignStatement_recipientId_version_key" ON "ForeignStatement"("recipientId", "version");

-- CreateIndex
CREATE INDEX "ConformingSystemCheck_recipientId_checkedAt_idx" ON "ConformingSystemCheck"("recipientId", "checkedAt");

-- CreateIndex
CREATE INDEX "ReferablePledge_recipientId_personId_idx" ON "ReferablePledge"("recipientId", "personId");

