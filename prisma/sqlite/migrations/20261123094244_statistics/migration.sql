-- AlterTable
ALTER TABLE "Person" ADD COLUMN "statisticsKey" INTEGER;

-- CreateTable
CREATE TABLE "PrivacyBudget" (
    "apiKeyId" TEXT NOT NULL PRIMARY KEY,
    "epsilon" REAL NOT NULL,
    "spent" REAL NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PrivacyBudget_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StatisticsQueryLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "query" JSONB NOT NULL,
    "outcome" TEXT NOT NULL,
    "refusal" TEXT,
    "cells" INTEGER NOT NULL DEFAULT 0,
    "suppressedCells" INTEGER NOT NULL DEFAULT 0,
    "mechanism" TEXT,
    "epsilonSpent" REAL
);

-- CreateIndex
CREATE INDEX "StatisticsQueryLog_apiKeyId_at_idx" ON "StatisticsQueryLog"("apiKeyId", "at");

