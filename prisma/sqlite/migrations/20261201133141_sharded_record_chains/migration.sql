-- Edited by hand: "seq" stays the rowid (INTEGER PRIMARY KEY AUTOINCREMENT, decision 0021),
-- and existing events become chain 0, numbered in it as they were globally.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "hash" TEXT NOT NULL,
    "persistedOperationId" TEXT,
    "chain" INTEGER NOT NULL DEFAULT 0,
    "chainSeq" BIGINT NOT NULL
);
INSERT INTO "new_ProvisionEvent" ("apiKeyId", "at", "conformingCheckId", "country", "foreignRoute", "foreignStatementId", "ground", "hash", "id", "items", "keepUntil", "legallyRequired", "noticeVersionId", "operationHash", "persistedOperationId", "personCount", "prevHash", "purposeCode", "purposeVersionId", "recipientId", "recipientSnapshot", "recordKinds", "requestId", "rootField", "seq", "chainSeq") SELECT "apiKeyId", "at", "conformingCheckId", "country", "foreignRoute", "foreignStatementId", "ground", "hash", "id", "items", "keepUntil", "legallyRequired", "noticeVersionId", "operationHash", "persistedOperationId", "personCount", "prevHash", "purposeCode", "purposeVersionId", "recipientId", "recipientSnapshot", "recordKinds", "requestId", "rootField", "seq", "seq" FROM "ProvisionEvent";
DROP TABLE "ProvisionEvent";
ALTER TABLE "new_ProvisionEvent" RENAME TO "ProvisionEvent";
CREATE UNIQUE INDEX "ProvisionEvent_id_key" ON "ProvisionEvent"("id");
CREATE INDEX "ProvisionEvent_recipientId_at_idx" ON "ProvisionEvent"("recipientId", "at");
CREATE INDEX "ProvisionEvent_at_idx" ON "ProvisionEvent"("at");
CREATE UNIQUE INDEX "ProvisionEvent_chain_chainSeq_key" ON "ProvisionEvent"("chain", "chainSeq");
CREATE TABLE "new_RecordPurge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "chain" INTEGER NOT NULL DEFAULT 0,
    "upToSeq" BIGINT NOT NULL,
    "anchorHash" TEXT NOT NULL,
    "count" INTEGER NOT NULL
);
INSERT INTO "new_RecordPurge" ("actor", "anchorHash", "at", "count", "id", "upToSeq") SELECT "actor", "anchorHash", "at", "count", "id", "upToSeq" FROM "RecordPurge";
DROP TABLE "RecordPurge";
ALTER TABLE "new_RecordPurge" RENAME TO "RecordPurge";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- The one chain head so far is chain 0's (edited by hand).
UPDATE "ProvisionChainHead" SET "id" = 0 WHERE "id" = 1;
