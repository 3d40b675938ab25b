-- DropForeignKey
ALTER TABLE "ProvisionRecordPerson" DROP CONSTRAINT "ProvisionRecordPerson_eventSeq_fkey";

-- AlterTable
ALTER TABLE "ProvisionEvent" DROP CONSTRAINT "ProvisionEvent_pkey",
ALTER COLUMN "seq" SET DATA TYPE BIGINT,
ADD CONSTRAINT "ProvisionEvent_pkey" PRIMARY KEY ("seq");

-- The serial's sequence is 32-bit too (edited by hand: Prisma writes SET DATA TYPE BIGSERIAL,
-- which PostgreSQL refuses).
ALTER SEQUENCE "ProvisionEvent_seq_seq" AS BIGINT;

-- AlterTable
ALTER TABLE "ProvisionRecordPerson" DROP CONSTRAINT "ProvisionRecordPerson_pkey",
ALTER COLUMN "eventSeq" SET DATA TYPE BIGINT,
ADD CONSTRAINT "ProvisionRecordPerson_pkey" PRIMARY KEY ("eventSeq", "personId");

-- AlterTable
ALTER TABLE "ProvisionChainHead" ALTER COLUMN "lastSeq" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "RecordPurge" ALTER COLUMN "upToSeq" SET DATA TYPE BIGINT;

-- AddForeignKey
ALTER TABLE "ProvisionRecordPerson" ADD CONSTRAINT "ProvisionRecordPerson_eventSeq_fkey" FOREIGN KEY ("eventSeq") REFERENCES "ProvisionEvent"("seq") ON DELETE CASCADE ON UPDATE CASCADE;

