-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
-- Edited by hand: "seq" stays the rowid (INTEGER PRIMARY KEY AUTOINCREMENT), which SQLite
-- stores in 64 bits already; only Prisma's Int type was 32-bit.
CREATE TABLE "new_ProvisionEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "recipientId" TEXT NOT NULL,
    "recipientSnapshot" JSONB NOT NULL,
    "purposeCode" TEXT NOT NULL,
    "ground" TEXT NOT NULL,
    "legallyRequired" BOOLEAN NOT NULL,
    "recordKinds" JSONB NOT NULL,
    "country" TEXT NOT NULL,
    "foreignRoute" TEXT,
    "apiKeyId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "operationHash" TEXT NOT NULL,
    "rootField" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "personCount" INTEGER NOT NULL,
    "keepUntil" DATETIME NOT NULL,
    "purposeVersionId" TEXT,
    "noticeVersionId" TEXT,
    "foreignStatementId" TEXT,
    "conformingCheckId" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);
INSERT INTO "new_ProvisionEvent" ("apiKeyId", "at", "conformingCheckId", "country", "foreignRoute", "foreignStatementId", "ground", "hash", "id", "items", "keepUntil", "legallyRequired", "noticeVersionId", "operationHash", "personCount", "prevHash", "purposeCode", "purposeVersionId", "recipientId", "recipientSnapshot", "recordKinds", "requestId", "rootField", "seq") SELECT "apiKeyId", "at", "conformingCheckId", "country", "foreignRoute", "foreignStatementId", "ground", "hash", "id", "items", "keepUntil", "legallyRequired", "noticeVersionId", "operationHash", "personCount", "prevHash", "purposeCode", "purposeVersionId", "recipientId", "recipientSnapshot", "recordKinds", "requestId", "rootField", "seq" FROM "ProvisionEvent";
DROP TABLE "ProvisionEvent";
ALTER TABLE "new_ProvisionEvent" RENAME TO "ProvisionEvent";
CREATE UNIQUE INDEX "ProvisionEvent_id_key" ON "ProvisionEvent"("id");
CREATE INDEX "ProvisionEvent_recipientId_at_idx" ON "ProvisionEvent"("recipientId", "at");
CREATE INDEX "ProvisionEvent_at_idx" ON "ProvisionEvent"("at");
CREATE TABLE "new_ProvisionRecordPerson" (
    "eventSeq" BIGINT NOT NULL,
    "personId" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "consentId" TEXT,

    PRIMARY KEY ("eventSeq", "personId"),
    CONSTRAINT "ProvisionRecordPerson_eventSeq_fkey" FOREIGN KEY ("eventSeq") REFERENCES "ProvisionEvent" ("seq") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ProvisionRecordPerson" ("consentId", "eventSeq", "items", "personId") SELECT "consentId", "eventSeq", "items", "personId" FROM "ProvisionRecordPerson";
DROP TABLE "ProvisionRecordPerson";
ALTER TABLE "new_ProvisionRecordPerson" RENAME TO "ProvisionRecordPerson";
CREATE INDEX "ProvisionRecordPerson_personId_eventSeq_idx" ON "ProvisionRecordPerson"("personId", "eventSeq");
CREATE TABLE "new_ProvisionChainHead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lastSeq" BIGINT NOT NULL,
    "lastHash" TEXT NOT NULL
);
INSERT INTO "new_ProvisionChainHead" ("id", "lastHash", "lastSeq") SELECT "id", "lastHash", "lastSeq" FROM "ProvisionChainHead";
DROP TABLE "ProvisionChainHead";
ALTER TABLE "new_ProvisionChainHead" RENAME TO "ProvisionChainHead";
CREATE TABLE "new_RecordPurge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "upToSeq" BIGINT NOT NULL,
    "anchorHash" TEXT NOT NULL,
    "count" INTEGER NOT NULL
);
INSERT INTO "new_RecordPurge" ("actor", "anchorHash", "at", "count", "id", "upToSeq") SELECT "actor", "anchorHash", "at", "count", "id", "upToSeq" FROM "RecordPurge";
DROP TABLE "RecordPurge";
ALTER TABLE "new_RecordPurge" RENAME TO "RecordPurge";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

