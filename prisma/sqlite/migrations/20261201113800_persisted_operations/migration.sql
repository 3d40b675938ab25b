-- AlterTable
ALTER TABLE "ProvisionEvent" ADD COLUMN "persistedOperationId" TEXT;

-- CreateTable
CREATE TABLE "PersistedOperation" (
    "recipientId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "operationName" TEXT,
    "registeredAt" DATETIME NOT NULL,
    "registeredBy" TEXT NOT NULL,

    PRIMARY KEY ("recipientId", "hash")
);

-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN "allowListOnly" BOOLEAN NOT NULL DEFAULT false;
