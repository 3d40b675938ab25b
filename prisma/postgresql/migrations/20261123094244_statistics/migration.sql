-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "statisticsKey" INTEGER;

-- CreateTable
CREATE TABLE "PrivacyBudget" (
    "apiKeyId" TEXT NOT NULL,
    "epsilon" DOUBLE PRECISION NOT NULL,
    "spent" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PrivacyBudget_pkey" PRIMARY KEY ("apiKeyId")
);

-- CreateTable
CREATE TABLE "StatisticsQueryLog" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "requestId" TEXT NOT NULL,
    "query" JSONB NOT NULL,
    "outcome" TEXT NOT NULL,
    "refusal" TEXT,
    "cells" INTEGER NOT NULL DEFAULT 0,
    "suppressedCells" INTEGER NOT NULL DEFAULT 0,
    "mechanism" TEXT,
    "epsilonSpent" DOUBLE PRECISION,

    CONSTRAINT "StatisticsQueryLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StatisticsQueryLog_apiKeyId_at_idx" ON "StatisticsQueryLog"("apiKeyId", "at");

-- AddForeignKey
ALTER TABLE "PrivacyBudget" ADD CONSTRAINT "PrivacyBudget_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

