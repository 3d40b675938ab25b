-- DropIndex
DROP INDEX "ProvisionRecordPerson_personId_idx";

-- CreateIndex
CREATE INDEX "ProvisionRecordPerson_personId_eventSeq_idx" ON "ProvisionRecordPerson"("personId", "eventSeq");

