-- AlterTable
ALTER TABLE "Recipient" ADD COLUMN     "allowListOnly" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ProvisionEvent" ADD COLUMN     "persistedOperationId" TEXT;

-- CreateTable
CREATE TABLE "PersistedOperation" (
    "recipientId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "operationName" TEXT,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "registeredBy" TEXT NOT NULL,

    CONSTRAINT "PersistedOperation_pkey" PRIMARY KEY ("recipientId","hash")
);

