-- CreateTable
CREATE TABLE "ProvisionEvent" (
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
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "ProvisionRecordPerson" (
    "eventSeq" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "consentId" TEXT,

    PRIMARY KEY ("eventSeq", "personId"),
    CONSTRAINT "ProvisionRecordPerson_eventSeq_fkey" FOREIGN KEY ("eventSeq") REFERENCES "ProvisionEvent" ("seq") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProvisionChainHead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lastSeq" INTEGER NOT NULL,
    "lastHash" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ProvisionEvent_id_key" ON "ProvisionEvent"("id");

-- CreateIndex
CREATE INDEX "ProvisionEvent_recipientId_at_idx" ON "ProvisionEvent"("recipientId", "at");

-- CreateIndex
CREATE INDEX "ProvisionEvent_at_idx" ON "ProvisionEvent"("at");

-- CreateIndex
CREATE INDEX "ProvisionRecordPerson_personId_idx" ON "ProvisionRecordPerson"("personId");


-- The chain starts from a fixed genesis hash.
INSERT INTO "ProvisionChainHead" ("id", "lastSeq", "lastHash") VALUES (1, 0, 'genesis');
