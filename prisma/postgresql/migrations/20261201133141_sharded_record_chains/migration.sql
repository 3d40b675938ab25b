-- AlterTable
-- Edited by hand: existing events become chain 0, numbered in it as they were globally.
-- The number is filled by a type change USING seq, a table rewrite that fires no row
-- trigger (the append-only guard refuses UPDATE of records).
ALTER TABLE "ProvisionEvent" ADD COLUMN     "chain" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "chainSeq" BIGINT;
ALTER TABLE "ProvisionEvent" ALTER COLUMN "chainSeq" SET DATA TYPE BIGINT USING "seq";
ALTER TABLE "ProvisionEvent" ALTER COLUMN "chainSeq" SET NOT NULL;

-- AlterTable
ALTER TABLE "RecordPurge" ADD COLUMN     "chain" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "ProvisionEvent_chain_chainSeq_key" ON "ProvisionEvent"("chain", "chainSeq");


-- The one chain head so far is chain 0's (edited by hand).
UPDATE "ProvisionChainHead" SET "id" = 0 WHERE "id" = 1;
