-- CreateTable
CREATE TABLE "ProvisionRefusal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "month" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "purposeCode" TEXT,
    "field" TEXT,
    "dataItem" TEXT,
    "reason" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "requestId" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "ProvisionRefusal_at_idx" ON "ProvisionRefusal"("at");

-- CreateIndex
CREATE INDEX "ProvisionRefusal_month_recipientId_idx" ON "ProvisionRefusal"("month", "recipientId");

