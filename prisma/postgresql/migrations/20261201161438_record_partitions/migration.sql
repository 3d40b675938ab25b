-- Edited by hand (docs/decisions/0066): the event and person record tables become tables
-- partitioned by month of the event's time, so a retention purge drops whole months. A
-- partitioned table's keys must hold the partition key: the primary key is (seq, at), the
-- unique id and chain number include at, and a person row carries its event's time
-- (eventAt), referencing (seq, at). Existing rows go to the default partitions here, and
-- `db migrate` then moves them into months (src/db/record-partitions.ts), since month names
-- need a PL/pgSQL loop, which this script runner cannot run. The guards (triggers) went with
-- the old tables and `db migrate` installs them again. Run in a quiet window: both record
-- tables are copied.

-- The old tables step aside, keeping the sequence of event numbers.
ALTER TABLE "ProvisionRecordPerson" DROP CONSTRAINT "ProvisionRecordPerson_eventSeq_fkey";
ALTER TABLE "ProvisionRecordPerson" RENAME TO "ProvisionRecordPerson_unpartitioned";
ALTER TABLE "ProvisionRecordPerson_unpartitioned" RENAME CONSTRAINT "ProvisionRecordPerson_pkey" TO "ProvisionRecordPerson_unpartitioned_pkey";
DROP INDEX "ProvisionRecordPerson_personId_eventSeq_idx";
ALTER TABLE "ProvisionEvent" RENAME TO "ProvisionEvent_unpartitioned";
ALTER TABLE "ProvisionEvent_unpartitioned" RENAME CONSTRAINT "ProvisionEvent_pkey" TO "ProvisionEvent_unpartitioned_pkey";
DROP INDEX "ProvisionEvent_id_key";
DROP INDEX "ProvisionEvent_recipientId_at_idx";
DROP INDEX "ProvisionEvent_at_idx";
DROP INDEX "ProvisionEvent_chain_chainSeq_key";
ALTER TABLE "ProvisionEvent_unpartitioned" ALTER COLUMN "seq" DROP DEFAULT;
ALTER SEQUENCE "ProvisionEvent_seq_seq" OWNED BY NONE;

-- CreateTable
CREATE TABLE "ProvisionEvent" (
    "seq" BIGINT NOT NULL DEFAULT nextval('"ProvisionEvent_seq_seq"'),
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
    "conformingCheckId" TEXT,
    "foreignStatementId" TEXT,
    "noticeVersionId" TEXT,
    "purposeVersionId" TEXT,
    "persistedOperationId" TEXT,
    "chain" INTEGER NOT NULL DEFAULT 0,
    "chainSeq" BIGINT NOT NULL,

    CONSTRAINT "ProvisionEvent_pkey" PRIMARY KEY ("seq", "at")
) PARTITION BY RANGE ("at");
ALTER SEQUENCE "ProvisionEvent_seq_seq" OWNED BY "ProvisionEvent"."seq";
CREATE TABLE "ProvisionEvent_default" PARTITION OF "ProvisionEvent" DEFAULT;

-- CreateTable
CREATE TABLE "ProvisionRecordPerson" (
    "eventSeq" BIGINT NOT NULL,
    "personId" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "consentId" TEXT,
    "eventAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProvisionRecordPerson_pkey" PRIMARY KEY ("eventSeq", "personId", "eventAt")
) PARTITION BY RANGE ("eventAt");
CREATE TABLE "ProvisionRecordPerson_default" PARTITION OF "ProvisionRecordPerson" DEFAULT;

-- Move the rows (INSERT only: the append-only guards are not involved).
INSERT INTO "ProvisionEvent" ("seq", "id", "at", "recipientId", "recipientSnapshot", "purposeCode", "ground", "legallyRequired", "recordKinds", "country", "foreignRoute", "apiKeyId", "requestId", "operationHash", "rootField", "items", "personCount", "keepUntil", "prevHash", "hash", "conformingCheckId", "foreignStatementId", "noticeVersionId", "purposeVersionId", "persistedOperationId", "chain", "chainSeq")
  SELECT "seq", "id", "at", "recipientId", "recipientSnapshot", "purposeCode", "ground", "legallyRequired", "recordKinds", "country", "foreignRoute", "apiKeyId", "requestId", "operationHash", "rootField", "items", "personCount", "keepUntil", "prevHash", "hash", "conformingCheckId", "foreignStatementId", "noticeVersionId", "purposeVersionId", "persistedOperationId", "chain", "chainSeq"
  FROM "ProvisionEvent_unpartitioned";
INSERT INTO "ProvisionRecordPerson" ("eventSeq", "personId", "items", "consentId", "eventAt")
  SELECT p."eventSeq", p."personId", p."items", p."consentId", e."at"
  FROM "ProvisionRecordPerson_unpartitioned" p JOIN "ProvisionEvent_unpartitioned" e ON e."seq" = p."eventSeq";
DROP TABLE "ProvisionRecordPerson_unpartitioned";
DROP TABLE "ProvisionEvent_unpartitioned";

-- CreateIndex
CREATE UNIQUE INDEX "ProvisionEvent_id_key" ON "ProvisionEvent"("id", "at");

-- CreateIndex
CREATE INDEX "ProvisionEvent_recipientId_at_idx" ON "ProvisionEvent"("recipientId", "at");

-- CreateIndex
CREATE INDEX "ProvisionEvent_at_idx" ON "ProvisionEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "ProvisionEvent_chain_chainSeq_key" ON "ProvisionEvent"("chain", "chainSeq", "at");

-- CreateIndex
CREATE INDEX "ProvisionRecordPerson_personId_eventSeq_idx" ON "ProvisionRecordPerson"("personId", "eventSeq");

-- AddForeignKey
ALTER TABLE "ProvisionRecordPerson" ADD CONSTRAINT "ProvisionRecordPerson_eventSeq_fkey" FOREIGN KEY ("eventSeq", "eventAt") REFERENCES "ProvisionEvent"("seq", "at") ON DELETE CASCADE ON UPDATE CASCADE;
