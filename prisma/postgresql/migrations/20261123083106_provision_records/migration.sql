-- CreateTable
CREATE TABLE "ProvisionEvent" (
    "seq" SERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
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
    "keepUntil" TIMESTAMP(3) NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "ProvisionEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ProvisionRecordPerson" (
    "eventSeq" INTEGER NOT NULL,
    "personId" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "consentId" TEXT,

    CONSTRAINT "ProvisionRecordPerson_pkey" PRIMARY KEY ("eventSeq","personId")
);

-- CreateTable
CREATE TABLE "ProvisionChainHead" (
    "id" INTEGER NOT NULL,
    "lastSeq" INTEGER NOT NULL,
    "lastHash" TEXT NOT NULL,

    CONSTRAINT "ProvisionChainHead_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProvisionEvent_id_key" ON "ProvisionEvent"("id");

-- CreateIndex
CREATE INDEX "ProvisionEvent_recipientId_at_idx" ON "ProvisionEvent"("recipientId", "at");

-- CreateIndex
CREATE INDEX "ProvisionEvent_at_idx" ON "ProvisionEvent"("at");

-- CreateIndex
CREATE INDEX "ProvisionRecordPerson_personId_idx" ON "ProvisionRecordPerson"("personId");

-- AddForeignKey
ALTER TABLE "ProvisionRecordPerson" ADD CONSTRAINT "ProvisionRecordPerson_eventSeq_fkey" FOREIGN KEY ("eventSeq") REFERENCES "ProvisionEvent"("seq") ON DELETE CASCADE ON UPDATE CASCADE;


-- The chain starts from a fixed genesis hash.
INSERT INTO "ProvisionChainHead" ("id", "lastSeq", "lastHash") VALUES (1, 0, 'genesis');
