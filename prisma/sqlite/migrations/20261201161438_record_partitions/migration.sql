-- RedefineTables
-- Edited by hand: a person row gets its event's time (on PostgreSQL the month partition
-- key, docs/decisions/0066). SQLite keeps one table, the column filled from the events.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProvisionRecordPerson" (
    "eventSeq" BIGINT NOT NULL,
    "personId" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "consentId" TEXT,
    "eventAt" DATETIME NOT NULL,

    PRIMARY KEY ("eventSeq", "personId"),
    CONSTRAINT "ProvisionRecordPerson_eventSeq_fkey" FOREIGN KEY ("eventSeq") REFERENCES "ProvisionEvent" ("seq") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ProvisionRecordPerson" ("consentId", "eventSeq", "items", "personId", "eventAt") SELECT p."consentId", p."eventSeq", p."items", p."personId", e."at" FROM "ProvisionRecordPerson" p JOIN "ProvisionEvent" e ON e."seq" = p."eventSeq";
DROP TABLE "ProvisionRecordPerson";
ALTER TABLE "new_ProvisionRecordPerson" RENAME TO "ProvisionRecordPerson";
CREATE INDEX "ProvisionRecordPerson_personId_eventSeq_idx" ON "ProvisionRecordPerson"("personId", "eventSeq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
